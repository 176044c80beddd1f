package io.laas.ledger;

import static io.laas.local.testing.ManagementInterface.management;
import static io.laas.ledger.LedgerFixtures.LEDGER_TOPIC;
import static io.laas.ledger.LedgerFixtures.awaitRecords;
import static io.laas.ledger.LedgerFixtures.bootstrapServers;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.header;
import static io.laas.ledger.LedgerFixtures.outboxMetric;
import static io.laas.ledger.LedgerFixtures.readTopic;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
class OutboxRelayTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
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

    @Test
    void anEventOfOneMebibyteIsPublished() {
        String aggregate = "large-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();
        // payload::text is {"filler": "…"}: 14 characters around the filler
        String payload = new JsonObject().put("filler", "x".repeat((1 << 20) - 14)).encode();
        rows(pool, "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ($1, 'relaytest', $2, 'test.large', $3::text::jsonb)",
                id, aggregate, payload);

        List<ConsumerRecord<String, String>> records = awaitRecords("outbox.event.relaytest", r -> aggregate.equals(r.key()), 1);

        assertEquals(1, records.size());
        assertEquals(id.toString(), header(records.get(0), "id"));
        assertEquals(1 << 20, records.get(0).value().length());
        await().atMost(Duration.ofSeconds(30)).until(() -> count(pool, "SELECT count(*) FROM outbox WHERE id = $1", id) == 0);
    }

    @Test
    void aRowKafkaRejectsHoldsBackOnlyItsLedgerVisiblyUntilItIsFixed() {
        UUID stuck = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(stuck, "cash", "asset");
        LedgerFixtures.createAccount(stuck, "revenue", "revenue");
        assertEquals(2, awaitRecords(LEDGER_TOPIC, r -> stuck.toString().equals(r.key()), 2).size());
        double blockedBefore = blockedAggregatesGauge();
        // Over the producer's max.request.size: rejected through the send callback on every attempt.
        UUID oversized = UUID.randomUUID();
        rows(pool, "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ($1, 'ledger', $2, 'test.oversized', $3::text::jsonb)",
                oversized, stuck.toString(), new JsonObject().put("filler", "x".repeat(3 << 19)).encode());
        postTransaction(stuck, "held-back");

        UUID flowing = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(flowing, "cash", "asset");
        LedgerFixtures.createAccount(flowing, "revenue", "revenue");
        postTransaction(flowing, "flows");
        assertEquals(3, awaitRecords(LEDGER_TOPIC, r -> flowing.toString().equals(r.key()), 3).size());

        String blockedKey = "blocked." + stuck + ".";
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(oversized.toString(), relayHealthDetails().get(blockedKey + "event_id")));
        Map<String, Object> details = relayHealthDetails();
        assertTrue(details.get(blockedKey + "error").toString().startsWith("RecordTooLargeException"), details.toString());
        assertTrue(Instant.parse(details.get(blockedKey + "since").toString()).isBefore(Instant.now()));
        assertEquals("active", details.get("relay"));
        assertEquals(blockedBefore + 1, blockedAggregatesGauge());
        assertEquals(List.of("account.created", "account.created"), eventTypes(readTopic(bootstrapServers(), LEDGER_TOPIC), stuck),
                "the ledger's transaction, committed before the other ledger's events, waits behind the rejected row");
        assertEquals(2L, count(pool, "SELECT count(*) FROM outbox WHERE aggregateid = $1", stuck.toString()));

        rows(pool, "UPDATE outbox SET payload = '{\"fixed\": true}' WHERE id = $1", oversized);

        List<ConsumerRecord<String, String>> released = awaitRecords(LEDGER_TOPIC, r -> stuck.toString().equals(r.key()), 4);
        assertEquals(List.of("account.created", "account.created", "test.oversized", "transaction.posted"), eventTypes(released, stuck));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertFalse(relayHealthDetails().containsKey(blockedKey + "event_id")));
        assertEquals(blockedBefore, blockedAggregatesGauge());
        assertEquals(0L, count(pool, "SELECT count(*) FROM outbox WHERE aggregateid = $1", stuck.toString()));
    }

    static Map<String, Object> relayHealthDetails() {
        return management().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"))
                .extract().jsonPath().getMap("checks.find { it.name == 'outbox-relay' }.data");
    }

    static double blockedAggregatesGauge() {
        return outboxMetric("laas_outbox_blocked_aggregates");
    }

    private static List<String> eventTypes(List<ConsumerRecord<String, String>> records, UUID ledger) {
        return records.stream().filter(r -> ledger.toString().equals(r.key())).map(r -> header(r, "eventType")).toList();
    }
}
