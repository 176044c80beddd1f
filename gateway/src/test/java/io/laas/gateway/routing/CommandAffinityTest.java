package io.laas.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.laas.gateway.config.GatewayConfig;
import io.laas.gateway.routing.service.CommandReplicas;
import io.laas.gateway.routing.service.UpstreamProxy;
import io.laas.gateway.routing.service.UpstreamResponse;
import io.laas.gateway.support.AffinityConfig;
import io.laas.web.problem.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

/**
 * Writes of one ledger go to one command replica, chosen by rendezvous hashing over the replicas the gateway knows
 * (static URLs or a DNS name resolved again and again); a replica that refuses the connection is skipped for the
 * next in the ledger's order. Fake replicas are Vert.x HTTP servers on loopback that record which ledgers they got.
 */
class CommandAffinityTest {

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    /** Per fake replica (its name): the ledgers of the writes it received, in order. */
    private final Map<String, List<UUID>> received = new ConcurrentHashMap<>();
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<UUID> ledgers = IntStream.range(0, 60).mapToObj(i -> UUID.randomUUID()).toList();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void everyWriteOfALedgerReachesOneReplicaAndTheLedgersSpreadOverAll() throws Exception {
        String a = replica("a", "127.0.0.1", 0);
        String b = replica("b", "127.0.0.1", 0);
        String c = replica("c", "127.0.0.1", 0);
        UpstreamProxy proxy = proxy(AffinityConfig.urls(a, true, List.of(a, b, c)));

        for (int round = 0; round < 4; round++) {
            for (UUID ledger : ledgers) {
                assertEquals(201, write(proxy, ledger).status());
            }
        }

        Map<UUID, Set<String>> replicasOfLedger = replicasOfEachLedger();
        assertEquals(Set.copyOf(ledgers), replicasOfLedger.keySet());
        replicasOfLedger.forEach((ledger, replicas) -> assertEquals(1, replicas.size(), ledger + " went to " + replicas));
        assertEquals(Set.of("a", "b", "c"), received.keySet(), "every replica got ledgers");
        received.values().forEach(writes -> assertTrue(writes.size() >= 4 * 5, "a fair share: " + writes.size()));
        assertEquals(0.0, metrics.counter("laas_gateway_command_reroutes").count());
        assertEquals(3.0, metrics.get("laas_gateway_command_replicas").gauge().value());
    }

    @Test
    void aStoppedReplicasLedgersGoToTheNextReplicaAndTheOthersStayWhereTheyWere() throws Exception {
        String a = replica("a", "127.0.0.1", 0);
        String b = replica("b", "127.0.0.1", 0);
        String c = replica("c", "127.0.0.1", 0);
        UpstreamProxy proxy = proxy(AffinityConfig.urls(a, true, List.of(a, b, c)));
        for (UUID ledger : ledgers) {
            write(proxy, ledger);
        }
        Map<UUID, String> before = onlyReplicaOfEachLedger();
        received.clear();

        servers.get(1).close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // the client's pooled connections to b see the close first: a request on one of them may have been sent
        // (so it fails and is not retried, aReplicaThatDropsARequest… below); here, only new connections are refused
        Thread.sleep(500);
        for (UUID ledger : ledgers) {
            UpstreamResponse response = write(proxy, ledger);
            assertEquals(201, response.status(), "the client sees success");
        }

        Map<UUID, String> after = onlyReplicaOfEachLedger();
        long ofB = before.values().stream().filter("b"::equals).count();
        assertTrue(ofB > 0, "b had ledgers");
        ledgers.forEach(ledger -> {
            if (before.get(ledger).equals("b")) {
                assertTrue(Set.of("a", "c").contains(after.get(ledger)), ledger + " moved to " + after.get(ledger));
            } else {
                assertEquals(before.get(ledger), after.get(ledger), "a ledger of a live replica moved");
            }
        });
        assertEquals((double) ofB, metrics.counter("laas_gateway_command_reroutes").count(), "one re-route per write of b");
    }

    @Test
    void whenEveryReplicaRefusesTheClientGets502AndNothingIsTriedTwice() throws Exception {
        String a = closedPortUrl();
        String b = closedPortUrl();
        UpstreamProxy proxy = proxy(AffinityConfig.urls(a, true, List.of(a, b)));

        Throwable failure = assertThrows(ExecutionException.class, () -> write(proxy, ledgers.get(0))).getCause();

        ProblemException problem = assertInstanceOf(ProblemException.class, failure);
        assertEquals(502, problem.status());
        assertEquals("UPSTREAM_UNAVAILABLE", problem.code());
        assertEquals(1.0, metrics.counter("laas_gateway_command_reroutes").count());
    }

    @Test
    void aReplicaThatDropsARequestItMayHaveReceivedIsNotRetriedElsewhere() throws Exception {
        String dropping = replica("dropping", "127.0.0.1", 0, true);
        String other = replica("other", "127.0.0.1", 0);
        UpstreamProxy proxy = proxy(AffinityConfig.urls(other, true, List.of(dropping, other)));

        int failures = 0;
        for (UUID ledger : ledgers) {
            try {
                write(proxy, ledger);
            } catch (ExecutionException e) {
                assertEquals(502, assertInstanceOf(ProblemException.class, e.getCause()).status());
                failures++;
            }
        }

        assertEquals(received.getOrDefault("dropping", List.of()).size(), failures,
                "every write the dropping replica received failed, none was sent again");
        assertTrue(failures > 0);
        assertTrue(received.getOrDefault("other", List.of()).stream()
                .noneMatch(received.get("dropping")::contains), "no ledger of the dropping replica reached the other");
        assertEquals(0.0, metrics.counter("laas_gateway_command_reroutes").count());
    }

    @Test
    void theReplicasFollowTheDnsNameAndAFailedOrEmptyResolutionKeepsTheLastOnes() throws Exception {
        int port = freePortOn("127.0.0.2", "127.0.0.3");
        replica("two", "127.0.0.2", port);
        replica("three", "127.0.0.3", port);
        String commandUrl = replica("command-url", "127.0.0.1", 0);
        List<String> answer = new CopyOnWriteArrayList<>();
        boolean[] failing = { false };
        AffinityConfig config = AffinityConfig.dns(commandUrl, "ledger-command-service-headless.laas.test", port);
        CommandReplicas replicas = new CommandReplicas(vertx, config, name -> {
            assertEquals("ledger-command-service-headless.laas.test", name);
            return failing[0] ? Future.failedFuture(new IOException("SERVFAIL")) : Future.succeededFuture(List.copyOf(answer));
        }, metrics);
        UpstreamProxy proxy = new UpstreamProxy(vertx, config, metrics, replicas);

        failing[0] = true;
        replicas.start();
        writeAll(proxy);
        assertEquals(Set.of("command-url"), received.keySet(), "nothing resolved yet: command-url");

        failing[0] = false;
        answer.add("127.0.0.2");
        refresh(replicas);
        writeAll(proxy);
        assertEquals(Set.of("two"), received.keySet());
        assertEquals(List.of("http://127.0.0.2:" + port), replicas.current().urls());

        answer.add("127.0.0.3");
        refresh(replicas);
        writeAll(proxy);
        assertEquals(Set.of("two", "three"), received.keySet(), "the new replica takes ledgers");
        Map<UUID, String> spread = onlyReplicaOfEachLedger();

        failing[0] = true;
        refresh(replicas);
        answer.clear();
        failing[0] = false;
        refresh(replicas);
        writeAll(proxy);
        assertEquals(spread, onlyReplicaOfEachLedger(), "a failed or empty resolution keeps the last replicas");
        assertEquals(2, replicas.current().size());
        assertEquals("dns", replicas.describe().get("source"));

        answer.add("127.0.0.3");
        refresh(replicas);
        writeAll(proxy);
        assertEquals(Set.of("three"), received.keySet(), "a replica gone from the name gets nothing more");
    }

    @Test
    void withAffinityOffTheWritesOfOneLedgerGoRoundRobinOverTheUrls() throws Exception {
        String a = replica("a", "127.0.0.1", 0);
        String b = replica("b", "127.0.0.1", 0);
        UpstreamProxy proxy = proxy(AffinityConfig.urls(a, false, List.of(a, b)));

        for (int i = 0; i < 10; i++) {
            write(proxy, ledgers.get(0));
        }

        assertEquals(5, received.get("a").size());
        assertEquals(5, received.get("b").size());
    }

    private UpstreamProxy proxy(GatewayConfig config) {
        CommandReplicas replicas = new CommandReplicas(vertx, config, name -> Future.failedFuture("no DNS here"), metrics);
        replicas.start();
        return new UpstreamProxy(vertx, config, metrics, replicas);
    }

    private void refresh(CommandReplicas replicas) throws Exception {
        received.clear();
        replicas.refresh().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void writeAll(UpstreamProxy proxy) throws Exception {
        received.clear();
        for (UUID ledger : ledgers) {
            assertEquals(201, write(proxy, ledger).status());
        }
    }

    private static UpstreamResponse write(UpstreamProxy proxy, UUID ledger) throws Exception {
        return proxy.sendToCommand(ledger, "POST", "/v1/ledgers/" + ledger + "/transactions",
                MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"), Buffer.buffer("{}"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Map<UUID, Set<String>> replicasOfEachLedger() {
        Map<UUID, Set<String>> replicas = new ConcurrentHashMap<>();
        received.forEach((replica, writes) -> writes
                .forEach(ledger -> replicas.computeIfAbsent(ledger, l -> ConcurrentHashMap.newKeySet()).add(replica)));
        return replicas;
    }

    private Map<UUID, String> onlyReplicaOfEachLedger() {
        return replicasOfEachLedger().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> {
            assertEquals(1, entry.getValue().size(), entry.getKey() + " went to " + entry.getValue());
            return entry.getValue().iterator().next();
        }));
    }

    private String replica(String name, String host, int port) throws Exception {
        return replica(name, host, port, false);
    }

    /** A fake command replica; a dropping one closes each connection after reading the request, without answering. */
    private String replica(String name, String host, int port, boolean dropping) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            UUID ledger = UUID.fromString(request.path().split("/")[3]);
            received.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(ledger);
            if (dropping) {
                request.connection().close();
            } else {
                request.response().setStatusCode(201).putHeader("content-type", "application/json")
                        .end("{\"replica\":\"" + name + "\"}");
            }
        }));
        server.listen(port, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        servers.add(server);
        return "http://" + host + ":" + server.actualPort();
    }

    private static String closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** A port free on every one of these loopback addresses. */
    private static int freePortOn(String... hosts) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(hosts[0]))) {
                port = socket.getLocalPort();
            }
            boolean free = true;
            for (String host : hosts) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
                    // free here
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("No port free on all of " + List.of(hosts));
    }
}
