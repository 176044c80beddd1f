package io.laas.ledger;

import static io.laas.ledger.LedgerApi.account;
import static io.laas.ledger.LedgerApi.patch;
import static io.laas.ledger.LedgerApi.post;
import static io.laas.ledger.LedgerApi.postTransaction;
import static io.laas.ledger.LedgerApi.posting;
import static io.laas.ledger.LedgerApi.transfer;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.header;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.ledger.event.LedgerEvent;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Every event a ledger emits matches the normative JSON Schema of its type ({@code docs/events}): one ledger
 * goes through every operation that writes an event, through the HTTP API, and each event of its event store
 * is validated, then found unchanged on {@code outbox.event.ledger}. The schemas are also shown to refuse
 * what they do not document.
 */
@QuarkusTest
class EventSchemaTest {

    /** Every type the command service emits. */
    private static final Set<String> EMITTED = new TreeSet<>(List.of(LedgerEvent.ASSET_DECLARED,
            LedgerEvent.ACCOUNT_CREATED, LedgerEvent.ACCOUNT_UPDATED, LedgerEvent.TRANSACTION_POSTED,
            LedgerEvent.TRANSACTION_PENDING, LedgerEvent.TRANSACTION_COMMITTED, LedgerEvent.TRANSACTION_VOIDED,
            LedgerEvent.TRANSACTION_REVERSED, LedgerEvent.SCHEDULE_CREATED, LedgerEvent.SCHEDULE_UPDATED,
            LedgerEvent.SCHEDULE_RUN_FAILED));

    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void everyEventOfALedgerMatchesTheSchemaOfItsTypeInTheStoreAndOnKafka() throws Exception {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");

        // asset.declared
        declare(ledger, "USDC", 6);

        // account.created: a parent and its child, limits, metadata, a contra account, other currencies
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "cash:bank", "asset", Map.of("parent_code", "cash", "metadata", Map.of("bank", "First")))
                .statusCode(201);
        account(ledger, "wallet", "liability", Map.of("limits", Map.of("min_balance", "0", "max_balance", "1000"),
                "metadata", Map.of("owner", "alice", "tier", 2, "tags", List.of("vip")))).statusCode(201);
        account(ledger, "merchant", "liability", Map.of()).statusCode(201);
        account(ledger, "refunds", "revenue", Map.of("normal_balance", "debit")).statusCode(201);
        account(ledger, "fx:usd", "equity", Map.of()).statusCode(201);
        account(ledger, "fx:eur", "equity", Map.of("currency", "EUR")).statusCode(201);
        account(ledger, "eur-cash", "asset", Map.of("currency", "EUR")).statusCode(201);
        account(ledger, "fx:jpy", "equity", Map.of("currency", "JPY")).statusCode(201);
        account(ledger, "jpy-cash", "asset", Map.of("currency", "JPY")).statusCode(201);
        account(ledger, "usdc-treasury", "equity", Map.of("currency", "USDC")).statusCode(201);
        account(ledger, "usdc-wallet", "asset", Map.of("currency", "USDC")).statusCode(201);

        // account.updated: name, limits (a bound removed) and metadata at once; a status there and back
        Map<String, Object> limits = new HashMap<>();
        limits.put("max_balance", null);
        patch(ledger, "wallet", Map.of("name", "Alice's wallet", "limits", limits,
                "metadata", Map.of("owner", "alice", "tier", 3))).statusCode(200);
        patch(ledger, "merchant", Map.of("status", "frozen")).statusCode(200);
        patch(ledger, "merchant", Map.of("status", "open")).statusCode(200);

        // transaction.posted: with external id, metadata and an occurred_at in another offset
        Map<String, Object> fund = transfer("fund", "cash:bank", "wallet", "100.00");
        fund.put("external_id", "deposit-1");
        fund.put("occurred_at", "2026-01-01T12:00:00.5+02:00");
        fund.put("metadata", Map.of("channel", "sepa", "nested", Map.of("a", List.of(1, 2))));
        postTransaction(ledger, fund).statusCode(201);
        postTransaction(ledger, transfer("contra", "refunds", "cash", "1.00")).statusCode(201);

        // transaction.pending, then voided by the ledger when it expires (the expiry job runs every second)
        String expiring = hold(ledger, "h-expire", "5.00", Instant.now().plus(2, ChronoUnit.SECONDS));
        // transaction.pending with an expiry, committed in part: released and partial
        String partly = hold(ledger, "h-part", "40.00", Instant.now().plus(1, ChronoUnit.HOURS));
        post(ledger, "/transactions/" + partly + "/post", amounts("c-part", "25.00", "25.00")).statusCode(200);
        // committed in full: nothing released
        String whole = hold(ledger, "h-whole", "3.00", null);
        post(ledger, "/transactions/" + whole + "/post", Map.of("idempotency_key", "c-whole")).statusCode(200);
        // committed with nothing: postings of 0.00, all released
        String nothing = hold(ledger, "h-nothing", "2.00", null);
        post(ledger, "/transactions/" + nothing + "/post", amounts("c-nothing", "0.00", "0.00")).statusCode(200);
        // transaction.voided by the client
        String voided = hold(ledger, "h-void", "10.00", null);
        post(ledger, "/transactions/" + voided + "/void", Map.of("idempotency_key", "v")).statusCode(200);

        // transaction.reversed, in part (with the reversal's own metadata) then the rest
        String paid = postTransaction(ledger, transfer("pay", "wallet", "merchant", "30.00")).statusCode(201)
                .extract().path("transaction_id");
        Map<String, Object> partial = amounts("r-part", "10.00", "10.00");
        partial.put("metadata", Map.of("reason", "refund"));
        post(ledger, "/transactions/" + paid + "/reversal", partial).statusCode(201);
        post(ledger, "/transactions/" + paid + "/reversal", Map.of("idempotency_key", "r-rest")).statusCode(201);

        // one transaction in four currencies (scales 2, 2, 0 and 6), balanced in each
        postTransaction(ledger, Map.of("idempotency_key", "fx", "currency", "USD", "postings", List.of(
                posting("cash", "debit", "10.00"),
                posting("fx:usd", "credit", "10.00"),
                inCurrency(posting("eur-cash", "debit", "9.20"), "EUR"),
                inCurrency(posting("fx:eur", "credit", "9.20"), "EUR"),
                inCurrency(posting("jpy-cash", "debit", "150"), "JPY"),
                inCurrency(posting("fx:jpy", "credit", "150"), "JPY"),
                inCurrency(posting("usdc-wallet", "debit", "1.123456"), "USDC"),
                inCurrency(posting("usdc-treasury", "credit", "1.123456"), "USDC")))).statusCode(201);

        // schedule.created (once, monthly, by cron), a run posted (transaction.posted with schedule_id), a run
        // refused (schedule.run_failed: more than the wallet holds), schedule.updated (paused, cancelled)
        Map<String, Object> rent = transfer("unused", "wallet", "merchant", "1.00");
        rent.remove("idempotency_key");
        rent.put("metadata", Map.of("kind", "rent"));
        post(ledger, "/schedules", Map.of("idempotency_key", "sch-once", "transaction", rent)).statusCode(201);
        Map<String, Object> tooMuch = transfer("unused", "wallet", "merchant", "5000.00");
        tooMuch.remove("idempotency_key");
        post(ledger, "/schedules", Map.of("idempotency_key", "sch-monthly", "transaction", tooMuch,
                "every", Map.of("unit", "month", "count", 1), "max_runs", 12,
                "end_at", Instant.now().plus(400, ChronoUnit.DAYS).toString())).statusCode(201);
        String weekly = post(ledger, "/schedules", Map.of("idempotency_key", "sch-cron", "transaction", rent,
                "every", Map.of("unit", "cron", "cron", "0 9 * * 1"),
                "start_at", Instant.now().plus(1, ChronoUnit.DAYS).toString())).statusCode(201).extract().path("id");
        post(ledger, "/schedules/" + weekly + "/pause", Map.of()).statusCode(200);
        post(ledger, "/schedules/" + weekly + "/cancel", Map.of()).statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1"
                + " AND (type = 'schedule.run_failed' OR payload->'data' ? 'schedule_id' AND type = 'transaction.posted')",
                ledger) == 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1"
                + " AND type = 'transaction.voided' AND payload->'data'->>'reason' = 'expired'"
                + " AND payload->'data'->>'transaction_id' = $2", ledger, expiring) == 1);

        // Every event of the ledger, from its event store, against the schema of its type.
        Map<String, JsonNode> stored = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        long expectedSequence = 1;
        for (Row row : rows(pool, "SELECT id, type, sequence, payload::text FROM events WHERE ledger_id = $1"
                + " ORDER BY sequence", ledger)) {
            String payload = row.getString(3);
            JsonNode envelope = JSON.readTree(payload);
            assertEquals(expectedSequence++, row.getLong(2), "gapless sequence");
            assertEquals(row.getString(1), envelope.path("event_type").asText(), "event_type is the stored type");
            assertEquals(row.getUUID(0).toString(), envelope.path("event_id").asText(), "event_id is the stored id");
            List<String> errors = SCHEMAS.validate(payload);
            if (!errors.isEmpty()) {
                failures.add(row.getString(1) + " #" + row.getLong(2) + " " + errors + "\n    " + payload);
            }
            seen.add(row.getString(1));
            stored.put(row.getUUID(0).toString(), envelope);
        }
        assertEquals(List.of(), failures, "events that do not match the schema of their type");
        assertEquals(EMITTED, seen, "every event type the command service emits was seen");
        assertEquals(LedgerFixtures.lastSequence(pool, ledger), stored.size(), "every event was read");

        // The same envelopes, unchanged, on outbox.event.ledger (key = ledger id; each event counted once).
        Set<String> distinct = new HashSet<>();
        List<ConsumerRecord<String, String>> records = LedgerFixtures.awaitRecords(LedgerFixtures.LEDGER_TOPIC,
                record -> ledger.toString().equals(record.key()) && distinct.add(header(record, "id")), stored.size());
        assertEquals(stored.size(), records.size(), "every event of the ledger was published");
        for (ConsumerRecord<String, String> record : records) {
            JsonNode published = JSON.readTree(record.value());
            String id = published.path("event_id").asText();
            assertTrue(stored.containsKey(id), "published event " + id + " is in the event store");
            assertEquals(stored.get(id), published, "the published envelope of " + id + " is the stored one");
            assertEquals(id, header(record, "id"), "header id");
            assertEquals(published.path("event_type").asText(), header(record, "eventType"), "header eventType");
            assertEquals(List.of(), SCHEMAS.validate(record.value()), "published " + id);
        }
    }

    @Test
    void theSchemasRefuseWhatTheyDoNotDocument() throws Exception {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
        account(ledger, "wallet", "liability", Map.of()).statusCode(201);
        postTransaction(ledger, transfer("t", "cash", "wallet", "10.00")).statusCode(201);
        String posted = LedgerApi.lastEvent(pool, ledger).encode();
        assertEquals(List.of(), SCHEMAS.validate(posted), "the event as emitted is valid");

        refused(posted, "an undocumented data field", event -> data(event).put("note", "x"), "note");
        refused(posted, "an undocumented envelope field", event -> event.put("trace_id", "abc"), "trace_id");
        refused(posted, "an undocumented posting field", event -> firstPosting(event).put("memo", "x"), "memo");
        refused(posted, "a numeric amount", event -> firstPosting(event).put("amount", 10.00), "amount");
        refused(posted, "an amount that is no decimal", event -> firstPosting(event).put("amount", "1e3"), "amount");
        refused(posted, "a negative posting amount", event -> firstPosting(event).put("amount", "-10.00"), "amount");
        refused(posted, "a posting without account_version", event -> firstPosting(event).remove("account_version"),
                "account_version");
        refused(posted, "a posting without direction", event -> firstPosting(event).remove("direction"), "direction");
        refused(posted, "an unknown direction", event -> firstPosting(event).put("direction", "up"), "direction");
        refused(posted, "an unknown account type", event -> firstPosting(event).put("account_type", "cash"),
                "account_type");
        refused(posted, "a missing data field", event -> data(event).remove("idempotency_key"), "idempotency_key");
        refused(posted, "another status", event -> data(event).put("status", "pending"), "status");
        refused(posted, "a single posting", event -> data(event).getJsonArray("postings").remove(1), "postings");
        refused(posted, "a sequence of 0", event -> event.put("sequence", 0), "sequence");
        refused(posted, "a ledger id that is no UUID", event -> event.put("ledger_id", "ledger-1"), "ledger_id");
        refused(posted, "a time with a local offset", event -> event.put("recorded_at", "2026-01-01T12:00:00+02:00"),
                "recorded_at");
        refused(posted, "a time that is no date-time", event -> event.put("recorded_at", "yesterday"), "recorded_at");
        refused(posted, "a hash in upper case", event -> event.put("hash", "AB".repeat(32)), "hash");
        refused(posted, "a hash too short", event -> event.put("hash", "ab"), "hash");
        refused(posted, "a posted event called pending", event -> event.put("event_type", "transaction.pending"),
                "expires_at");
        refused(posted, "an event type without schema", event -> event.put("event_type", "transaction.deleted"),
                "no schema");

        JsonObject chained = new JsonObject(posted).put("hash", "0123456789abcdef".repeat(4));
        assertEquals(List.of(), SCHEMAS.validate(chained.encode()), "a hash of 64 lowercase hex digits is valid");
    }

    /** The event changed by {@code change} fails validation, with an error that names {@code about}. */
    private static void refused(String valid, String what, Consumer<JsonObject> change, String about) {
        JsonObject event = new JsonObject(valid);
        change.accept(event);
        List<String> errors = SCHEMAS.validate(event.encode());
        assertFalse(errors.isEmpty(), what + " must fail validation: " + event.encode());
        assertTrue(errors.stream().anyMatch(error -> error.contains(about)), what + ": an error names " + about
                + ", got " + errors);
    }

    private static JsonObject data(JsonObject event) {
        return event.getJsonObject("data");
    }

    private static JsonObject firstPosting(JsonObject event) {
        JsonArray postings = data(event).getJsonArray("postings");
        return postings.getJsonObject(0);
    }

    private static void declare(UUID ledger, String code, int scale) {
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(Map.of("scale", scale))
                .when().put("/v1/ledgers/{id}/assets/{code}", ledger, code).then().statusCode(201);
    }

    /** Holds {@code amount} from the wallet for the merchant; returns the pending transaction's id. */
    private static String hold(UUID ledger, String key, String amount, Instant expiresAt) {
        Map<String, Object> body = transfer(key, "wallet", "merchant", amount);
        body.put("status", "pending");
        if (expiresAt != null) {
            body.put("expires_at", expiresAt.toString());
        }
        return postTransaction(ledger, body).statusCode(201).body("status", equalTo("pending"))
                .extract().path("transaction_id");
    }

    private static Map<String, Object> amounts(String key, String... amounts) {
        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", key);
        body.put("postings", Arrays.stream(amounts).map(amount -> Map.of("amount", amount)).toList());
        return body;
    }

    private static Map<String, Object> inCurrency(Map<String, Object> posting, String currency) {
        posting.put("currency", currency);
        return posting;
    }
}
