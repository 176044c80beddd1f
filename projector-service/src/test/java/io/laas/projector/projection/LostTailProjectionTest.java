package io.laas.projector.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.projector.Metrics;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.projector.projection.service.LostTail;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * After a restore to a backup where the ledger was at sequence 4 (epoch 2 started, its cut recorded as the epoch
 * script does), while the projector had applied up to 3: Kafka still delivers epoch 1's events 5 and 6, written
 * after the backup, and epoch 2 reuses those sequence numbers.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class LostTailProjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    LostTail lostTail;

    @AfterEach
    void backToEpochOne() {
        run("DELETE FROM epoch_cuts WHERE epoch > 1", null);
        run("DELETE FROM epochs WHERE epoch > 1", null);
        lostTail.reload().await().atMost(WAIT);
    }

    @Test
    void lostTailIsSkippedAndCountedOldEventsUpToTheCutAndTheNewEpochsAreApplied() {
        TestLedger ledger = new TestLedger();
        TestLedger.sendAll(List.of(ledger.account("cash", "asset"), ledger.account("hot", "liability"),
                transfer(ledger, "10.00")));
        await().atMost(WAIT).until(() -> lastSequence(ledger.id) == 3);
        run("INSERT INTO epochs (epoch) VALUES (2)", null);
        run("INSERT INTO epoch_cuts (epoch, ledger_id, last_sequence) VALUES (2, $1, 4)", ledger.id);
        lostTail.reload().await().atMost(WAIT);
        double skippedBefore = Metrics.value("laas_projector_events_skipped_total", "reason=\"lost_tail\"");

        TestLedger.sendAll(List.of(
                inEpoch(transfer(ledger, "1.00"), 4, 1),       // kept by the backup, not yet projected
                inEpoch(transfer(ledger, "100.00"), 5, 1),     // lost tail
                inEpoch(transfer(ledger, "2.00"), 5, 2),       // the new epoch reuses sequence 5
                inEpoch(transfer(ledger, "200.00"), 6, 1),     // lost tail
                inEpoch(transfer(ledger, "3.00"), 6, 2)));

        await().atMost(WAIT).until(() -> lastSequence(ledger.id) == 6);
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/accounts/cash", ledger.id)
                .then().statusCode(200).body("balance", equalTo("16.00"));
        assertEquals(4L, count("SELECT count(*) FROM transactions WHERE ledger_id = $1", ledger.id));
        assertEquals(0L, count("SELECT count(*) FROM failed_events WHERE ledger_id = $1", ledger.id),
                "the lost tail is no sequence conflict");
        assertEquals(0L, count("SELECT count(*) FROM parked_events WHERE ledger_id = $1", ledger.id));
        assertEquals(2.0, Metrics.value("laas_projector_events_skipped_total", "reason=\"lost_tail\"") - skippedBefore);
    }

    private static Event transfer(TestLedger ledger, String amount) {
        return ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", amount, "hot", "credit", amount);
    }

    private static Event inEpoch(Event event, long sequence, long epoch) {
        JsonObject envelope = event.envelope().copy().put("sequence", sequence).put("epoch", epoch);
        return new Event(event.eventId(), event.type(), event.ledgerId(), sequence, envelope);
    }

    private void run(String sql, UUID ledgerId) {
        pool.preparedQuery(sql).execute(ledgerId == null ? Tuple.tuple() : Tuple.of(ledgerId)).await().atMost(WAIT);
    }

    private long lastSequence(UUID ledgerId) {
        var rows = pool.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1")
                .execute(Tuple.of(ledgerId)).await().atMost(WAIT);
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }

    private long count(String sql, UUID ledgerId) {
        return pool.preparedQuery(sql).execute(Tuple.of(ledgerId)).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
