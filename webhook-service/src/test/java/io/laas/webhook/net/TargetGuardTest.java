package io.laas.webhook.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.laas.web.problem.ProblemException;
import io.laas.webhook.config.TestWebhookConfig;
import io.laas.webhook.delivery.service.WebhookSender;
import io.vertx.mutiny.core.Vertx;

/**
 * The SSRF guard: every DNS answer checked, nobody waits for a hanging resolver, cloud metadata refused even where
 * private targets are allowed, one answer for every refusal that depends on DNS, and the port allow-list.
 */
class TargetGuardTest {

    private final Vertx vertx = Vertx.vertx();
    private final CountDownLatch resolverReleased = new CountDownLatch(1);

    /** A resolver that does not answer (until the test ends). */
    private void hang() {
        try {
            resolverReleased.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void close() {
        resolverReleased.countDown();
        vertx.closeAndAwait();
    }

    @Test
    void aLookupThatHangsFailsTheAttemptAfterTheDnsTimeout() {
        TargetGuard guard = new TargetGuard(new TestWebhookConfig().withDns(Duration.ofMillis(300), 2), vertx,
                host -> {
                    hang();
                    return new InetAddress[] { InetAddress.getByName("93.184.215.14") };
                });

        // The wait is bounded well below the hanging lookup (a minute): the timeout is what ends it.
        Throwable failure = assertThrows(RuntimeException.class,
                () -> guard.vet(URI.create("https://hangs.example/hook")).await().atMost(Duration.ofSeconds(20)));
        assertInstanceOf(ResolutionTimeoutException.class, failure, failure.toString());
        assertTrue(failure.getMessage().contains("hangs.example") && failure.getMessage().contains("300 ms"),
                failure.getMessage());
    }

    @Test
    void aHostWhoseDnsHangsHoldsOneResolverThreadWhateverTheNumberOfAttempts() throws Exception {
        AtomicInteger hangingLookups = new AtomicInteger();
        TargetGuard guard = new TargetGuard(new TestWebhookConfig().withDns(Duration.ofMillis(500), 2), vertx,
                host -> {
                    if (host.equals("hangs.example")) {
                        hangingLookups.incrementAndGet();
                        hang();
                    }
                    return new InetAddress[] { InetAddress.getByName("93.184.215.14") };
                });

        // Attempts for the hanging host, more of them than the pool has threads: each gives up on its own.
        for (int i = 0; i < 5; i++) {
            Throwable failure = assertThrows(RuntimeException.class,
                    () -> guard.vet(URI.create("https://hangs.example/hook")).await().atMost(Duration.ofSeconds(20)));
            assertInstanceOf(ResolutionTimeoutException.class, failure, failure.toString());
        }
        // They shared one lookup, so another host still finds a free thread.
        VettedTarget target = guard.vet(URI.create("https://fine.example:8443/hook?x=1")).await()
                .atMost(Duration.ofSeconds(20));
        assertEquals(1, hangingLookups.get());
        assertEquals("fine.example", target.host());
        assertEquals(8443, target.port());
        assertEquals("/hook?x=1", target.requestUri());
        assertArrayEquals(InetAddress.getByName("93.184.215.14").getAddress(), target.address().getAddress());
    }

    @Test
    void aHostIsRefusedWhenAnyOfItsAddressesIsInternal() throws Exception {
        InetAddress publicAddress = InetAddress.getByName("93.184.215.14");
        InetAddress metadata = InetAddress.getByName("169.254.169.254");
        TargetGuard guard = new TargetGuard(new TestWebhookConfig(), vertx,
                host -> new InetAddress[] { publicAddress, metadata });

        Throwable refused = assertThrows(TargetNotAllowedException.class,
                () -> guard.vet(URI.create("https://rebinding.example/")).await().atMost(Duration.ofSeconds(20)));
        assertTrue(refused.getMessage().contains("link-local"), refused.getMessage());
    }

    @Test
    void cloudMetadataIsRefusedEvenWithPrivateTargetsAllowed() throws Exception {
        TargetGuard guard = new TargetGuard(new TestWebhookConfig().withPrivateTargetsAllowed(true), vertx,
                host -> switch (host) {
                    case "imds.example" -> new InetAddress[] { InetAddress.getByName("169.254.169.254") };
                    case "azure.example" -> new InetAddress[] { InetAddress.getByName("168.63.129.16") };
                    case "alibaba.example" -> new InetAddress[] { InetAddress.getByName("100.100.100.200") };
                    case "imds6.example" -> new InetAddress[] { InetAddress.getByName("fd00:ec2::254") };
                    // IP literals resolve to themselves, as with the JDK resolver.
                    default -> new InetAddress[] { InetAddress.getByName(host.startsWith("localhost") ? "127.0.0.1" : host) };
                });

        for (String url : List.of("http://imds.example/latest/meta-data/", "http://azure.example/",
                "http://alibaba.example/latest/meta-data/", "http://imds6.example/", "http://169.254.169.254/",
                "http://[fd00:ec2::254]/", "http://0.0.0.0:8080/", "http://[::]/", "http://[fe80::1]/",
                "http://[::ffff:127.0.0.1]/", "http://[64:ff9b::7f00:1]/")) {
            assertThrows(TargetNotAllowedException.class,
                    () -> guard.vet(URI.create(url)).await().atMost(Duration.ofSeconds(20)), url);
            ProblemException problem = assertThrows(ProblemException.class,
                    () -> guard.vetForClient(URI.create(url)).await().atMost(Duration.ofSeconds(20)), url);
            assertEquals(422, problem.status(), url);
            assertEquals(TargetGuard.URL_NOT_ALLOWED, problem.code(), url);
            assertEquals("The webhook URL is not allowed.", problem.detail(), url);
        }
        // Loopback, what local development needs, passes.
        assertEquals(8080, guard.vet(URI.create("http://localhost.example:8080/hook")).await()
                .atMost(Duration.ofSeconds(20)).port());
    }

    @Test
    void otherSpellingsOfInternalAddressesAreJudgedByWhatTheyResolveTo() {
        // The JDK's own resolver: these literals are read without any lookup.
        TargetGuard guard = new TargetGuard(new TestWebhookConfig(), vertx, InetAddress::getAllByName);

        for (String url : List.of("http://2130706433/", "http://127.1/", "http://10.1/", "http://[::ffff:7f00:1]/",
                "http://[0:0:0:0:0:ffff:169.254.169.254]/", "http://[::127.0.0.1]/", "http://[fe80::1%25eth0]/")) {
            assertThrows(TargetNotAllowedException.class,
                    () -> guard.vet(URI.create(url)).await().atMost(Duration.ofSeconds(20)), url);
        }
    }

    @Test
    void unresolvableRefusedAndTimedOutHostsGetTheSameAnswer() throws Exception {
        TargetGuard guard = new TargetGuard(new TestWebhookConfig().withDns(Duration.ofMillis(300), 2), vertx,
                host -> switch (host) {
                    case "nowhere.example" -> throw new UnknownHostException(host);
                    case "hangs.example" -> {
                        hang();
                        yield new InetAddress[] { InetAddress.getByName("93.184.215.14") };
                    }
                    default -> new InetAddress[] { InetAddress.getByName("10.0.0.7") };
                });

        List<ProblemException> answers = new ArrayList<>();
        List<String> attemptErrors = new ArrayList<>();
        for (String url : List.of("https://nowhere.example/", "https://internal.example/", "https://hangs.example/",
                "https://10.0.0.7/")) {
            answers.add(assertThrows(ProblemException.class,
                    () -> guard.vetForClient(URI.create(url)).await().atMost(Duration.ofSeconds(20)), url));
            Throwable failure = assertThrows(RuntimeException.class,
                    () -> guard.vet(URI.create(url)).await().atMost(Duration.ofSeconds(20)), url);
            attemptErrors.add(WebhookSender.describe(failure));
        }
        for (ProblemException answer : answers) {
            assertEquals(422, answer.status());
            assertEquals(TargetGuard.URL_NOT_ALLOWED, answer.code());
            assertEquals("The webhook URL is not allowed.", answer.detail());
            assertEquals(answers.get(0).extensions(), answer.extensions());
        }
        // The delivery log, which tenants read, is just as mute.
        assertEquals(List.of("target not allowed", "target not allowed", "target not allowed", "target not allowed"),
                attemptErrors);
    }

    @Test
    void aPortOutsideTheAllowListIsRefusedAndSaysWhy() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        TargetGuard guard = new TargetGuard(new TestWebhookConfig().withAllowedPorts(Set.of(443, 8443)), vertx,
                host -> {
                    lookups.incrementAndGet();
                    return new InetAddress[] { InetAddress.getByName("93.184.215.14") };
                });

        assertEquals(443, guard.vet(URI.create("https://hooks.example/a")).await().atMost(Duration.ofSeconds(20)).port());
        assertEquals(8443, guard.vet(URI.create("https://hooks.example:8443/a")).await()
                .atMost(Duration.ofSeconds(20)).port());
        for (String url : List.of("http://hooks.example/a", "https://hooks.example:8080/a", "https://hooks.example:22/")) {
            ProblemException problem = assertThrows(ProblemException.class,
                    () -> guard.vetForClient(URI.create(url)).await().atMost(Duration.ofSeconds(20)), url);
            assertEquals(422, problem.status());
            assertEquals(TargetGuard.URL_NOT_ALLOWED, problem.code());
            assertTrue(problem.detail().startsWith("The webhook URL is not allowed: port "), problem.detail());
            assertTrue(problem.detail().contains("(allowed: 443, 8443)"), problem.detail());
            Throwable atDelivery = assertThrows(TargetNotAllowedException.class,
                    () -> guard.vet(URI.create(url)).await().atMost(Duration.ofSeconds(20)), url);
            assertTrue(WebhookSender.describe(atDelivery).startsWith("target not allowed: port "));
        }
        // Refused before any lookup: the port does not depend on DNS.
        assertEquals(2, lookups.get());
        // No allow-list: any port.
        TargetGuard open = new TargetGuard(new TestWebhookConfig(), vertx,
                host -> new InetAddress[] { InetAddress.getByName("93.184.215.14") });
        assertEquals(8080, open.vet(URI.create("http://hooks.example:8080/")).await().atMost(Duration.ofSeconds(20)).port());
    }
}
