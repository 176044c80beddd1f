package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.LEDGER_TOPIC;
import static io.laas.ledger.LedgerFixtures.awaitRecords;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.header;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
class OutboxRelayTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static void postTransaction(UUID ledger, String key) {
        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", key);
        body.put("currency", "USD");
        body.put("postings", List.of(
                Map.of("account_code", "cash", "direction", "debit", "amount", "42.50"),
                Map.of("account_code", "revenue", "direction", "credit", "amount", "42.50")));
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(201);
    }

    @Test
    void eventsArriveOnTheLedgerTopicInDebeziumShapeInSequenceOrderAndLeaveTheOutbox() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(ledger, "cash", "asset");
        LedgerFixtures.createAccount(ledger, "revenue", "revenue");
        postTransaction(ledger, "relay-1");

        List<ConsumerRecord<String, String>> records = awaitRecords(LEDGER_TOPIC, r -> ledger.toString().equals(r.key()), 3);

        assertEquals(3, records.size());
        List<Row> events = rows(pool, "SELECT id, sequence, type, payload FROM events WHERE ledger_id = $1 ORDER BY sequence", ledger)
                .stream().toList();
        for (int i = 0; i < 3; i++) {
            ConsumerRecord<String, String> record = records.get(i);
            Row event = events.get(i);
            assertEquals(ledger.toString(), record.key());
            assertEquals(event.getUUID("id").toString(), header(record, "id"));
            assertEquals(event.getString("type"), header(record, "eventType"));
            JsonObject value = new JsonObject(record.value());
            assertEquals(event.getJsonObject("payload"), value);
            assertEquals(i + 1L, value.getLong("sequence"));
        }
        assertEquals(List.of("account.created", "account.created", "transaction.posted"),
                records.stream().map(r -> header(r, "eventType")).toList());
        JsonObject posted = new JsonObject(records.get(2).value()).getJsonObject("data");
        assertEquals("42.50", posted.getJsonArray("postings").getJsonObject(0).getString("amount"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(pool, "SELECT count(*) FROM outbox WHERE aggregateid = $1", ledger.toString()) == 0);
    }
}
