package io.laas.projector.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.projector.Metrics;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A backlog published at once is applied in batches, with exactly the effects of applying it event by event. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class BatchProjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int LEDGERS = 6;
    private static final int TRANSACTIONS = 40;

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void backlogOfSeveralLedgersOutOfOrderAndWithRedeliveriesIsAppliedExactlyOnceInBatches() {
        double batchesBefore = Metrics.value("laas_projector_batch_records_count");
        double recordsBefore = Metrics.value("laas_projector_batch_records_sum");
        Random random = new Random(42);
        List<TestLedger> ledgers = new ArrayList<>();
        List<Event> backlog = new ArrayList<>();
        for (int l = 0; l < LEDGERS; l++) {
            TestLedger ledger = new TestLedger();
            ledgers.add(ledger);
            List<Event> events = new ArrayList<>();
            events.add(ledger.account("cash", "asset"));
            events.add(ledger.account("hot", "liability"));
            events.add(ledger.account("fees", "revenue"));
            for (int t = 1; t <= TRANSACTIONS; t++) {
                String amount = t + ".00";
                events.add(ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", amount, "hot", "credit",
                        amount));
            }
            // Some events of each ledger arrive before their predecessor, some twice.
            for (int swap = 0; swap < 5; swap++) {
                int i = 1 + random.nextInt(events.size() - 2);
                Collections.swap(events, i, i + 1);
            }
            for (int again = 0; again < 5; again++) {
                int i = random.nextInt(events.size() - 1);
                events.add(i + 1, events.get(i));
            }
            backlog.addAll(events);
        }
        TestLedger.sendAll(backlog);

        BigDecimal expected = BigDecimal.ZERO;
        for (int t = 1; t <= TRANSACTIONS; t++) {
            expected = expected.add(new BigDecimal(t + ".00"));
        }
        String total = expected.setScale(2).toPlainString();
        for (TestLedger ledger : ledgers) {
            await().atMost(WAIT).until(() -> lastSequence(ledger.id) == 3 + TRANSACTIONS);
            // Events without account_version: one version per posting, each counted once despite the redeliveries.
            given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/accounts/cash", ledger.id)
                    .then().statusCode(200).body("debits", equalTo(total)).body("balance", equalTo(total))
                    .body("version", equalTo(TRANSACTIONS));
            given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/accounts/hot", ledger.id)
                    .then().statusCode(200).body("credits", equalTo(total)).body("balance", equalTo(total));
            assertEquals(TRANSACTIONS, count("SELECT count(*) FROM transactions WHERE ledger_id = $1", ledger.id));
            assertEquals(2L * TRANSACTIONS, count("SELECT count(*) FROM postings WHERE ledger_id = $1", ledger.id));
            assertEquals(3L + TRANSACTIONS, count("SELECT count(*) FROM processed_events WHERE ledger_id = $1", ledger.id));
            assertEquals(0L, count("SELECT count(*) FROM parked_events WHERE ledger_id = $1", ledger.id));
            assertEquals(0L, count("SELECT count(*) FROM failed_events WHERE ledger_id = $1", ledger.id));
            assertEquals(3L + TRANSACTIONS, count("SELECT last_sequence FROM accounts WHERE ledger_id = $1 "
                    + "AND code = 'cash'", ledger.id), "an account shows the last transaction that moved it");
            assertEquals(3L, count("SELECT last_sequence FROM accounts WHERE ledger_id = $1 AND code = 'fees'",
                    ledger.id), "an account no transaction moved keeps the sequence that created it");
        }
        double batches = Metrics.value("laas_projector_batch_records_count") - batchesBefore;
        double records = Metrics.value("laas_projector_batch_records_sum") - recordsBefore;
        assertEquals(backlog.size(), records, 0.0, "every record went through a batch");
        assertTrue(batches < records, "records were applied in batches: " + records + " records in " + batches);
    }

    private long lastSequence(UUID ledgerId) {
        var rows = pool.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1")
                .execute(Tuple.of(ledgerId)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }

    private long count(String sql, UUID id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
