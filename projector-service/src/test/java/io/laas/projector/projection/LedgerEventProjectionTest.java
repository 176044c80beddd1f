package io.laas.projector.projection;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class LedgerEventProjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void postedTransactionMovesBalancesInTheirNormalDirection() {
        TestLedger ledger = new TestLedger();
        UUID txId = UUID.randomUUID();
        ledger.account("cash", "asset").send();
        ledger.account("revenue", "revenue").send();
        ledger.transaction(txId, "USD", "cash", "debit", "100.00", "revenue", "credit", "100.00").send();

        awaitBalance(ledger, "cash", "100.00");
        given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/revenue", ledger.id)
                .then().statusCode(200)
                .body("id", equalTo(ledger.accountId("revenue").toString()))
                .body("type", equalTo("revenue"))
                .body("currency", equalTo("USD"))
                .body("balance", equalTo("100.00"))
                .body("debits", equalTo("0.00"))
                .body("credits", equalTo("100.00"));
        given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/cash", ledger.id)
                .then().statusCode(200)
                .body("debits", equalTo("100.00"))
                .body("credits", equalTo("0.00"))
                .body("created_at", org.hamcrest.Matchers.notNullValue())
                .body("updated_at", org.hamcrest.Matchers.notNullValue());

        assertEquals(3L, lastSequence(ledger.id));
        assertEquals(2L, count("SELECT count(*) FROM postings WHERE transaction_id = $1", txId));
        assertEquals(3L, count("SELECT count(*) FROM processed_events WHERE ledger_id = $1", ledger.id));
    }

    @Test
    void redeliveredEventIsIgnoredAndBalancesAreNotDoubled() {
        TestLedger ledger = new TestLedger();
        UUID txId = UUID.randomUUID();
        ledger.account("cash", "asset").send();
        ledger.account("revenue", "revenue").send();
        Event posted = ledger.transaction(txId, "USD", "cash", "debit", "100.00", "revenue", "credit", "100.00").send();
        awaitBalance(ledger, "cash", "100.00");

        posted.send(); // the relay re-sends what it did not get acknowledged
        posted.withId(UUID.randomUUID()).send(); // an already applied sequence under another id
        ledger.account("fees", "expense").send(); // same partition: once it shows, the duplicates were handled
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/fees", ledger.id).then().statusCode(200));

        awaitBalance(ledger, "cash", "100.00");
        awaitBalance(ledger, "revenue", "100.00");
        assertEquals(2L, count("SELECT count(*) FROM postings WHERE transaction_id = $1", txId));
        assertEquals(4L, count("SELECT count(*) FROM processed_events WHERE ledger_id = $1", ledger.id));
        assertEquals(4L, lastSequence(ledger.id));
    }

    @Test
    void eventArrivingBeforeItsPredecessorIsParkedAndAppliedWhenThePredecessorArrives() {
        TestLedger ledger = new TestLedger();
        UUID txId = UUID.randomUUID();
        ledger.account("cash", "asset").send();
        Event revenue = ledger.account("revenue", "revenue"); // sequence 2, held back
        Event posted = ledger.transaction(txId, "USD", "cash", "debit", "250.50", "revenue", "credit", "250.50");

        posted.send(); // sequence 3 before 2
        await().atMost(WAIT).until(() -> count(
                "SELECT count(*) FROM parked_events WHERE ledger_id = $1 AND sequence = 3", ledger.id) == 1L);
        assertEquals(1L, lastSequence(ledger.id));
        given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/transactions/{t}", ledger.id, txId)
                .then().statusCode(404).body("code", equalTo("TRANSACTION_NOT_FOUND"));
        await().atMost(WAIT).untilAsserted(() -> management().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*\\nlaas_projector_parked_events(\\{[^}]*\\})? [1-9].*")));

        posted.send(); // parking is idempotent
        revenue.send();
        awaitBalance(ledger, "revenue", "250.50");
        awaitBalance(ledger, "cash", "250.50");
        given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/transactions/{t}", ledger.id, txId)
                .then().statusCode(200).body("sequence", equalTo(3));
        assertEquals(3L, lastSequence(ledger.id));
        assertEquals(0L, count("SELECT count(*) FROM parked_events WHERE ledger_id = $1", ledger.id));
        assertEquals(2L, count("SELECT count(*) FROM postings WHERE transaction_id = $1", txId));
    }

    @Test
    void unknownEventTypeAdvancesTheSequenceWithoutEffect() {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        ledger.event("ledger.renamed", new JsonObject().put("name", "New name")).send();
        ledger.account("bank", "asset").send();

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/bank", ledger.id).then().statusCode(200));
        assertEquals(3L, lastSequence(ledger.id));
        assertEquals(2L, count("SELECT count(*) FROM accounts WHERE ledger_id = $1", ledger.id));
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndDoesNotBlockLaterEvents() {
        TestLedger ledger = new TestLedger();
        String notJson = "not json " + UUID.randomUUID();
        String noSequence = new JsonObject().put("event_id", UUID.randomUUID().toString())
                .put("event_type", "account.created").put("ledger_id", ledger.id.toString())
                .put("marker", UUID.randomUUID().toString()).put("data", new JsonObject()).encode();
        TestLedger.send(ledger.id.toString(), UUID.randomUUID().toString(), "account.created", notJson);
        TestLedger.send(ledger.id.toString(), UUID.randomUUID().toString(), "account.created", noSequence);
        ledger.account("cash", "asset").send();

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/cash", ledger.id).then().statusCode(200).body("balance", equalTo("0.00")));
        await().atMost(WAIT).untilAsserted(() -> {
            var deadLetters = TestLedger.deadLetters();
            assertTrue(deadLetters.contains(notJson), "the non-JSON record is on the dead-letter topic");
            assertTrue(deadLetters.contains(noSequence), "the record without sequence is on the dead-letter topic");
        });
        assertEquals(1L, lastSequence(ledger.id));
        management().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*\\nlaas_projector_poison_events_total(\\{[^}]*\\})? [1-9].*"));
    }

    @Test
    void stringWrappedValueAndQuotedHeadersAsDebeziumsJsonConvertersWriteThemAreProjected() {
        TestLedger ledger = new TestLedger();
        Event cash = ledger.account("cash", "asset");
        JsonObject bare = cash.envelope().copy();
        bare.remove("event_id");
        bare.remove("event_type");
        String stringWrapped = io.vertx.core.json.Json.encode(bare.encode());
        TestLedger.send(ledger.id.toString(), "\"" + cash.eventId() + "\"", "\"account.created\"", stringWrapped);

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/cash", ledger.id).then().statusCode(200)
                .body("id", equalTo(ledger.accountId("cash").toString())));
        assertEquals(1L, count("SELECT count(*) FROM processed_events WHERE event_id = $1", cash.eventId()));
        assertEquals(1L, lastSequence(ledger.id));
    }

    @Test
    void reactivePoolWorksInTheProjectorSchema() {
        String schema = pool.query("SELECT current_schema()").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
        assertEquals("projector", schema);
    }

    @Test
    void healthAndOpenApiAreServed() {
        management().get("/q/health/live").then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200));
        management().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItem("/v1/ledgers/{ledger_id}/accounts"));
    }

    private void awaitBalance(TestLedger ledger, String code, String balance) {
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/accounts/{c}", ledger.id, code)
                .then().statusCode(200).body("balance", equalTo(balance)));
    }

    private long lastSequence(UUID ledgerId) {
        return pool.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1")
                .execute(Tuple.of(ledgerId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private long count(String sql, UUID id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
