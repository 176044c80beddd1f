package io.laas.projector.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.projector.projection.service.BatchResult;
import io.laas.projector.projection.service.EventOutcome;
import io.laas.projector.projection.service.ProjectionService;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Two replicas projecting the same ledgers at the same time, as around a rebalance: the old owner of a partition
 * still applies its batches while the new owner starts on the same records from an earlier offset, or, as when
 * the partition count changed, one replica has a ledger's earlier events and the other its later ones. Each replica works through its records in order, in batches, on
 * connections of its own, both at once; nothing is delivered a third time to make up for a mistake. Every event is
 * applied exactly once (the replicas' applied counts add up to the number of events), in sequence order (each commit
 * finds its hold), nothing stays parked, and the read model is what one replica makes of the events alone.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class ConcurrentReplicasProjectionTest {

    private static final int LEDGERS = 4;
    private static final int ROUNDS = 40;
    private static final int BATCH = 40;

    @Inject
    ProjectionService projection;

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @ParameterizedTest(name = "old owner up to {0}%, new owner from {1}%")
    @CsvSource({ "70, 30", "50, 45", "90, 10", "55, 55", "30, 30" })
    void twoReplicasProjectingTheSameLedgersAtOnceApplyEachEventOnceAndInOrder(int oldUpTo, int newFrom)
            throws Exception {
        List<TestLedger> ledgers = new ArrayList<>();
        List<List<Event>> byLedger = new ArrayList<>();
        for (int l = 0; l < LEDGERS; l++) {
            TestLedger ledger = new TestLedger();
            ledgers.add(ledger);
            List<Event> events = new ArrayList<>();
            events.add(ledger.account("cash", "asset"));
            events.add(ledger.account("wallet", "liability"));
            for (int r = 1; r <= ROUNDS; r++) {
                String amount = r + ".00";
                events.add(ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", amount, "wallet", "credit",
                        amount));
                UUID hold = UUID.randomUUID();
                events.add(ledger.transaction("transaction.pending", hold, new JsonObject(),
                        ledger.posting("wallet", "debit", "3.00"), ledger.posting("cash", "credit", "3.00")));
                events.add(ledger.committed(hold, ledger.posting("wallet", "debit", "2.00"),
                        ledger.posting("cash", "credit", "2.00")));
            }
            byLedger.add(events);
        }
        // One partition's records: the ledgers' events interleaved, each ledger's in order.
        List<RawEvent> partition = new ArrayList<>();
        for (int i = 0; i < byLedger.get(0).size(); i++) {
            for (List<Event> events : byLedger) {
                Event event = events.get(i);
                partition.add(new RawEvent(event.envelope().encode(), event.ledgerId().toString(),
                        event.eventId().toString(), event.type(), "test-0@" + partition.size()));
            }
        }
        int size = partition.size();
        List<List<RawEvent>> replicas = List.of(
                partition.subList(0, size * oldUpTo / 100), // the old owner, until its partition is revoked
                partition.subList(size * newFrom / 100, size)); // the new owner, from the offset committed

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Long>> running = new ArrayList<>();
        for (List<RawEvent> records : replicas) {
            running.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                long applied = 0;
                for (int from = 0; from < records.size(); from += BATCH) {
                    BatchResult result = projection.project(records.subList(from, Math.min(records.size(), from + BATCH)))
                            .await().atMost(Duration.ofSeconds(60));
                    assertEquals(List.of(), result.failures(), "no event fails");
                    assertEquals(List.of(), result.outcomes().stream()
                            .filter(o -> o == EventOutcome.SEQUENCE_CONFLICT || o == EventOutcome.FAILED).toList());
                    applied += result.applied();
                }
                return applied;
            }));
        }
        start.countDown();
        long applied = 0;
        for (CompletableFuture<Long> replica : running) {
            applied += replica.get(120, TimeUnit.SECONDS);
        }

        long perLedger = 2 + 3L * ROUNDS;
        assertEquals(size, applied, "the replicas applied each event once between them");
        BigDecimal posted = BigDecimal.ZERO;
        for (int r = 1; r <= ROUNDS; r++) {
            posted = posted.add(new BigDecimal(r + ".00"));
        }
        for (TestLedger ledger : ledgers) {
            assertEquals(perLedger, count("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1", ledger.id));
            assertEquals(perLedger, count("SELECT count(*) FROM processed_events WHERE ledger_id = $1", ledger.id));
            assertEquals(0L, count("SELECT count(*) FROM parked_events WHERE ledger_id = $1", ledger.id));
            assertEquals(0L, count("SELECT count(*) FROM failed_events WHERE ledger_id = $1", ledger.id));
            assertEquals(2L * ROUNDS, count("SELECT count(*) FROM transactions WHERE ledger_id = $1 AND status = 'posted'",
                    ledger.id), "every transfer posted and every hold committed once");
            Row cash = account(ledger, "cash");
            assertEquals(0, posted.compareTo(cash.getBigDecimal("debits")), "cash debits: " + cash.toJson());
            assertEquals(0, new BigDecimal(2 * ROUNDS).compareTo(cash.getBigDecimal("credits")),
                    "cash credits: " + cash.toJson());
            assertEquals(0, cash.getBigDecimal("pending_credits").signum(), "no hold left: " + cash.toJson());
            assertEquals(2L * ROUNDS, cash.getLong("version"), "one version per posting: " + cash.toJson());
            Row wallet = account(ledger, "wallet");
            assertEquals(0, posted.compareTo(wallet.getBigDecimal("credits")), "wallet credits: " + wallet.toJson());
            assertEquals(0, wallet.getBigDecimal("pending_debits").signum(), "no hold left: " + wallet.toJson());
            assertEquals(2L * ROUNDS, count("SELECT count(*) FROM account_entries WHERE account_id = $1 AND amount > 0",
                    ledger.accountId("cash")), "one entry per posting of cash");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Row account(TestLedger ledger, String code) {
        return pool.preparedQuery("SELECT * FROM accounts WHERE ledger_id = $1 AND code = $2")
                .execute(Tuple.of(ledger.id, code)).await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    private long count(String sql, UUID id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
