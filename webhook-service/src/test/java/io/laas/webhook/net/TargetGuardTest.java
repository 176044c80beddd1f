package io.laas.webhook.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.laas.webhook.config.TestWebhookConfig;
import io.vertx.mutiny.core.Vertx;

/** The SSRF guard's DNS lookups: every answer checked, and nobody waits for a hanging resolver. */
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
}
