package io.laas.system;

import static io.laas.system.StackHttp.body;
import static io.laas.system.StackHttp.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.local.LocalStack;
import io.laas.local.ServiceProcess;

/**
 * A gateway with two command replicas in its {@code laas.gateway.command-affinity.urls} sends all the writes of a
 * ledger to one of them, and both get ledgers; when one is killed (SIGKILL), its ledgers move to the other and
 * the writes keep succeeding, with no transaction lost or written twice. Which replica committed a ledger's
 * transactions is read from the replicas' logs (their group commit logs each batch at DEBUG).
 */
class CommandAffinityIT {

    private static final List<UUID> LEDGERS = IntStream.rangeClosed(1, 8)
            .mapToObj(i -> UUID.fromString("00000000-0000-0000-0000-00000000030" + i)).toList();
    private static final String COMMAND = "ledger-command-service";
    private static final Map<String, String> BATCH_LOGS = Map.of(
            "QUARKUS_LOG_CATEGORY__IO_LAAS_LEDGER_TRANSACTION_SERVICE__LEVEL", "DEBUG");
    private static final Pattern BATCH = Pattern.compile("Ledger ([0-9a-f-]{36}): committed a batch of (\\d+)");
    private static final String AMOUNT = "1.25";
    private static final int TRANSFERS_PER_ROUND = 15;

    private String token;
    private String gateway;
    private final Map<UUID, AtomicInteger> written = new ConcurrentHashMap<>();

    @Test
    void eachLedgerIsCommittedByOneReplicaAndAKilledReplicasLedgersMoveToTheOther() throws Exception {
        LocalStack stack = RunningStack.get();
        token = RunningStack.token("affinity-client", "affinity-secret", null);
        ServiceProcess first = stack.startReplica(COMMAND, "command-affinity-1", BATCH_LOGS);
        ServiceProcess second = stack.startReplica(COMMAND, "command-affinity-2", BATCH_LOGS);
        ServiceProcess affinityGateway = stack.startReplica("gateway", "gateway-affinity",
                Map.of("LAAS_GATEWAY_COMMAND_AFFINITY_URLS", first.url() + "," + second.url()));
        gateway = affinityGateway.url();
        assertTrue(health(affinityGateway).contains(first.url()) && health(affinityGateway).contains(second.url()),
                "the gateway's readiness details name both replicas");

        for (UUID ledger : LEDGERS) {
            written.put(ledger, new AtomicInteger());
            createAccount(ledger, "cash");
            createAccount(ledger, "wallet");
        }
        writeRound();

        Map<UUID, Integer> byFirst = committedBatches(first);
        Map<UUID, Integer> bySecond = committedBatches(second);
        System.out.printf("Ledgers committed by %s: %s; by %s: %s%n", first.name(), byFirst.keySet(), second.name(),
                bySecond.keySet());
        assertFalse(byFirst.isEmpty(), "the first replica got ledgers");
        assertFalse(bySecond.isEmpty(), "the second replica got ledgers");
        Set<UUID> both = new HashSet<>(byFirst.keySet());
        both.retainAll(bySecond.keySet());
        assertEquals(Set.of(), both, "no ledger was committed by both replicas");
        Set<UUID> all = new HashSet<>(byFirst.keySet());
        all.addAll(bySecond.keySet());
        assertEquals(Set.copyOf(LEDGERS), all);
        LEDGERS.forEach(ledger -> assertEquals(TRANSFERS_PER_ROUND,
                byFirst.getOrDefault(ledger, 0) + bySecond.getOrDefault(ledger, 0),
                "every transaction of " + ledger + " in one of the logged batches"));

        second.kill();
        Thread.sleep(500);
        writeRound();

        Map<UUID, Integer> byFirstAfter = committedBatches(first);
        for (UUID ledger : bySecond.keySet()) {
            assertEquals(TRANSFERS_PER_ROUND, byFirstAfter.getOrDefault(ledger, 0),
                    "the killed replica's ledger " + ledger + " moved to the first");
        }
        for (UUID ledger : byFirst.keySet()) {
            assertEquals(2 * TRANSFERS_PER_ROUND, byFirstAfter.get(ledger).intValue(), ledger + " stayed on the first");
        }
        assertTrue(metric(affinityGateway, "laas_gateway_command_reroutes_total") >= bySecond.size(),
                "the writes of the killed replica's ledgers were re-routed");

        for (UUID ledger : LEDGERS) {
            assertNothingLostOrDuplicated(ledger);
        }
    }

    /** In parallel over the ledgers, one after the other within a ledger: every transfer must be created. */
    private void writeRound() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (UUID ledger : LEDGERS) {
                done.add(workers.submit(() -> {
                    for (int i = 0; i < TRANSFERS_PER_ROUND; i++) {
                        send(request("/v1/ledgers/" + ledger + "/transactions").POST(body(transfer())).build(), 201);
                        written.get(ledger).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /** The event feed has every transaction once with no gap, and the projected balances are the transfers' sum. */
    private void assertNothingLostOrDuplicated(UUID ledger) throws Exception {
        int transfers = written.get(ledger).get();
        assertEquals(2 * TRANSFERS_PER_ROUND, transfers);
        Set<String> keys = new HashSet<>();
        long after = 0;
        int postedEvents = 0;
        while (true) {
            JsonNode page = send(request("/v1/ledgers/" + ledger + "/events?limit=1000&after_sequence=" + after)
                    .GET().build(), 200);
            for (JsonNode event : page.path("data")) {
                assertEquals(after + 1, event.path("sequence").asLong(), "the sequence of " + ledger + " has no gap");
                after = event.path("sequence").asLong();
                if (event.path("event_type").asText().equals("transaction.posted")) {
                    postedEvents++;
                    String key = event.path("data").path("idempotency_key").asText();
                    assertTrue(keys.add(key), "transaction " + key + " of " + ledger + " is in the feed once");
                }
            }
            if (!page.path("has_more").asBoolean()) {
                break;
            }
        }
        assertEquals(transfers, postedEvents, "every transaction of " + ledger + " was written once");
        BigDecimal expected = new BigDecimal(AMOUNT).multiply(BigDecimal.valueOf(transfers));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode wallet = send(request("/v1/ledgers/" + ledger + "/accounts/wallet").GET().build(), 200);
            assertEquals(0, expected.compareTo(new BigDecimal(wallet.path("debits").asText("0"))), ledger + " wallet: " + wallet);
            assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(wallet.path("credits").asText("0"))), ledger + " wallet: " + wallet);
        });
    }

    private static Map<String, Object> transfer() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idempotency_key", UUID.randomUUID().toString());
        body.put("currency", "USD");
        body.put("postings", List.of(
                Map.of("account_code", "cash", "direction", "credit", "amount", AMOUNT),
                Map.of("account_code", "wallet", "direction", "debit", "amount", AMOUNT)));
        return body;
    }

    /** Per ledger, the transactions a replica committed, from its log. */
    private static Map<UUID, Integer> committedBatches(ServiceProcess replica) throws IOException {
        Map<UUID, Integer> committed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(replica.logFile())) {
            Matcher batch = BATCH.matcher(line);
            if (batch.find()) {
                UUID ledger = UUID.fromString(batch.group(1));
                if (LEDGERS.contains(ledger)) {
                    committed.merge(ledger, Integer.parseInt(batch.group(2)), Integer::sum);
                }
            }
        }
        return committed;
    }

    private void createAccount(UUID ledger, String code) throws Exception {
        StackHttp.createAccount(gateway, token, ledger, code);
    }

    private static String health(ServiceProcess process) throws Exception {
        return StackHttp.management(process, "/q/health/ready");
    }

    private static double metric(ServiceProcess process, String name) throws Exception {
        return StackHttp.metric(process, name, "");
    }

    private HttpRequest.Builder request(String path) {
        return StackHttp.request(gateway, path, token);
    }
}
