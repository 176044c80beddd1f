package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.laas.tenancy.LedgerScope;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Group commit under real concurrency: many requests in flight on one ledger, few accounts touched in
 * both orders, repeated keys and requests that must be rejected. Whatever batches they were grouped
 * into, the ledger must end exactly as if they had been posted one by one.
 */
@QuarkusTest
class GroupCommitTest {

    private static final List<String> CODES = List.of("a1", "a2", "a3", "a4", "a5");

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URL baseUrl;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private UUID ledgerWithAccounts() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        for (String code : CODES) {
            LedgerFixtures.createAccount(ledger, code, "asset");
        }
        return ledger;
    }

    private record Sent(String key, JsonObject body, int status, JsonObject answer, boolean replayed) {
    }

    @Test
    void concurrentRandomPostingsEndAsIfPostedOneByOne() throws Exception {
        UUID ledger = ledgerWithAccounts();
        long base = lastSequence(pool, ledger);
        DistributionSummary batches = registry.find("laas.ledger.batch.size").summary();
        long batchesBefore = batches.count();
        double batchedBefore = batches.totalAmount();

        Random random = new Random(42);
        List<JsonObject> bodies = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int kind = random.nextInt(20);
            String debit = CODES.get(random.nextInt(CODES.size()));
            String credit = CODES.get(random.nextInt(CODES.size()));
            if (kind == 0) {
                credit = "missing";
            }
            String key = kind == 1 && i > 0 ? bodies.get(random.nextInt(i)).getString("idempotency_key") : "k-" + i;
            bodies.add(transfer(key, debit, credit, (1 + random.nextInt(9999)) / 100.0));
        }
        // Some keys come back with exactly the body they were first sent with (a retry).
        for (int i = 0; i < 20; i++) {
            bodies.add(bodies.get(random.nextInt(bodies.size())).copy());
        }
        List<Sent> sent = sendAll(ledger, bodies, 48);

        Map<String, Sent> firstAccepted = new HashMap<>();
        Map<String, BigDecimal> expected = new HashMap<>();
        Set<Long> sequences = new TreeSet<>();
        int accepted = 0;
        for (Sent s : sent) {
            if (s.status() == 201 && !s.replayed()) {
                accepted++;
                assertTrue(sequences.add(s.answer().getLong("ledger_sequence")), "one sequence per transaction");
                Sent previous = firstAccepted.put(s.key(), s);
                assertEquals(null, previous, "a key is accepted once: " + s.key());
                for (Object p : s.body().getJsonArray("postings")) {
                    JsonObject posting = (JsonObject) p;
                    BigDecimal amount = new BigDecimal(posting.getString("amount"));
                    expected.merge(posting.getString("account_code"),
                            "debit".equals(posting.getString("direction")) ? amount : amount.negate(), BigDecimal::add);
                }
            }
        }
        for (Sent s : sent) {
            Sent first = firstAccepted.get(s.key());
            if (s.status() == 201 && s.replayed()) {
                assertEquals(first.answer(), s.answer(), "a replay answers as the first time");
                assertEquals(first.body(), s.body());
            } else if (s.status() == 409) {
                assertEquals("IDEMPOTENCY_KEY_REUSED", s.answer().getString("code"));
                assertTrue(first != null && !first.body().equals(s.body()));
            } else if (s.status() == 422) {
                assertEquals("ACCOUNT_NOT_FOUND", s.answer().getString("code"));
            } else {
                assertEquals(201, s.status(), s.answer().encode());
            }
        }

        long last = base + accepted;
        assertEquals(LongStream.rangeClosed(base + 1, last).boxed().collect(Collectors.toSet()), sequences);
        assertEquals(last, lastSequence(pool, ledger));
        List<Long> stored = new ArrayList<>();
        rows(pool, "SELECT sequence FROM events WHERE ledger_id = $1 ORDER BY sequence", ledger)
                .forEach(row -> stored.add(row.getLong("sequence")));
        assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), stored, "gapless event sequence");
        assertEquals(accepted, count(pool, "SELECT count(*) FROM idempotency_keys WHERE ledger_id = $1", ledger));
        for (Row row : rows(pool, "SELECT code, debits - credits AS net FROM accounts WHERE ledger_id = $1", ledger)) {
            assertEquals(0, expected.getOrDefault(row.getString("code"), BigDecimal.ZERO).compareTo(row.getBigDecimal("net")),
                    "balance of " + row.getString("code"));
        }
        assertEquals(0L, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1 AND type = 'transaction.posted'"
                + " AND NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.ledger_id = events.ledger_id"
                + " AND k.key = events.payload -> 'data' ->> 'idempotency_key'"
                + " AND k.ledger_sequence = events.sequence)", ledger), "every event belongs to a recorded key");
        long batchCount = batches.count() - batchesBefore;
        double batched = batches.totalAmount() - batchedBefore;
        assertTrue(batched > batchCount, "some batches held more than one transaction: " + batched + " in " + batchCount);
    }

    @Test
    void aTransactionTheDatabaseRefusesFailsAloneAndWritesNothing() throws Exception {
        UUID ledger = ledgerWithAccounts();
        long base = lastSequence(pool, ledger);
        rows(pool, """
                CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.payload -> 'data' ->> 'external_id' = 'poison' THEN
                    RAISE EXCEPTION 'poison' USING ERRCODE = '23514';
                  END IF;
                  RETURN NEW;
                END $$""");
        rows(pool, "CREATE TRIGGER refuse_poison BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
        try {
            List<JsonObject> bodies = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                JsonObject body = transfer("p-" + i, "a1", "a2", 1.00);
                if (i == 30) {
                    body.put("external_id", "poison");
                }
                bodies.add(body);
            }
            List<Sent> sent = sendAll(ledger, bodies, 30);

            for (Sent s : sent) {
                if ("p-30".equals(s.key())) {
                    assertEquals(500, s.status(), s.answer().encode());
                } else {
                    assertEquals(201, s.status(), s.answer().encode());
                }
            }
            assertEquals(base + 59, lastSequence(pool, ledger));
            assertEquals(0L, count(pool, "SELECT count(*) FROM idempotency_keys WHERE ledger_id = $1 AND key = 'p-30'", ledger));
            assertEquals(0, new BigDecimal("59.00").compareTo(
                    rows(pool, "SELECT debits FROM accounts WHERE ledger_id = $1 AND code = 'a1'", ledger).iterator().next()
                            .getBigDecimal("debits")));
        } finally {
            rows(pool, "DROP TRIGGER refuse_poison ON events");
        }
    }

    private static JsonObject transfer(String key, String debit, String credit, double amount) {
        String value = BigDecimal.valueOf(amount).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        return new JsonObject()
                .put("idempotency_key", key)
                .put("currency", "USD")
                .put("postings", new JsonArray()
                        .add(new JsonObject().put("account_code", debit).put("direction", "debit").put("amount", value))
                        .add(new JsonObject().put("account_code", credit).put("direction", "credit").put("amount", value)));
    }

    /** Sends every body with at most {@code inFlight} requests outstanding; answers in the bodies' order. */
    private List<Sent> sendAll(UUID ledger, List<JsonObject> bodies, int inFlight) throws Exception {
        String token = writeToken(ledger);
        URI uri = URI.create(baseUrl.toString()).resolve("/v1/ledgers/" + ledger + "/transactions");
        Semaphore slots = new Semaphore(inFlight);
        List<CompletableFuture<Sent>> futures = new ArrayList<>();
        for (JsonObject body : bodies) {
            slots.acquire();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                    .build();
            futures.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> slots.release())
                    .thenApply(r -> new Sent(body.getString("idempotency_key"), body, r.statusCode(),
                            new JsonObject(r.body()), r.headers().firstValue("Idempotent-Replayed").isPresent())));
        }
        List<Sent> sent = new ArrayList<>();
        for (CompletableFuture<Sent> future : futures) {
            sent.add(future.get());
        }
        return sent;
    }
}
