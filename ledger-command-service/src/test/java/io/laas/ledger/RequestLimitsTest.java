package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/** The size limits every hop shares: 1 MiB bodies, 256 postings, 16 KiB of metadata. */
@QuarkusTest
class RequestLimitsTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private UUID ledger() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(ledger, "cash", "asset");
        LedgerFixtures.createAccount(ledger, "revenue", "revenue");
        return ledger;
    }

    /** {@code pairs} debit/credit pairs of 1.00 between cash and revenue, with metadata of about {@code metadataBytes}. */
    private static JsonObject transaction(String key, int pairs, int metadataBytes) {
        JsonArray postings = new JsonArray();
        for (int i = 0; i < pairs; i++) {
            postings.add(new JsonObject().put("account_code", "cash").put("direction", "debit").put("amount", "1.00"));
            postings.add(new JsonObject().put("account_code", "revenue").put("direction", "credit").put("amount", "1.00"));
        }
        JsonObject metadata = new JsonObject();
        if (metadataBytes > 0) {
            metadata.put("note", "x".repeat(metadataBytes - "{\"note\":\"\"}".length()));
        }
        return new JsonObject().put("idempotency_key", key).put("currency", "USD").put("postings", postings)
                .put("metadata", metadata);
    }

    private static ValidatableResponse post(UUID ledger, String body) {
        return given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/ledgers/{id}/transactions", ledger).then();
    }

    @Test
    void theLargestAllowedTransactionIsPostedWithItsEvent() {
        UUID ledger = ledger();
        JsonObject largest = transaction("largest", 128, 16 * 1024);
        assertEquals(16 * 1024, largest.getJsonObject("metadata").encode().getBytes(StandardCharsets.UTF_8).length);

        post(ledger, largest.encode()).statusCode(201).body("ledger_sequence", equalTo(3));

        String payload = rows(pool, "SELECT payload::text AS p FROM events WHERE ledger_id = $1 AND sequence = 3", ledger)
                .iterator().next().getString("p");
        assertEquals(256, new JsonObject(payload).getJsonObject("data").getJsonArray("postings").size());
        assertTrue(payload.getBytes(StandardCharsets.UTF_8).length < 256 * 1024, "an event stays under 256 KiB");
    }

    @Test
    void morePostingsThanTheLimitIs400AndWritesNothing() {
        UUID ledger = ledger();
        JsonObject body = transaction("too-many", 128, 0);
        body.getJsonArray("postings").add(new JsonObject().put("account_code", "cash").put("direction", "debit")
                .put("amount", "0.00"));

        post(ledger, body.encode()).statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("postings"));
        assertEquals(2L, lastSequence(pool, ledger));
    }

    @Test
    void metadataOverSixteenKibIs400AndWritesNothing() {
        UUID ledger = ledger();

        post(ledger, transaction("fat", 1, 16 * 1024 + 1).encode()).statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("metadata"));
        assertEquals(2L, lastSequence(pool, ledger));
        assertEquals(0L, count(pool, "SELECT count(*) FROM idempotency_keys WHERE ledger_id = $1", ledger));
    }

    @Test
    void textThePostgresqlCannotStoreIs400NotA500() {
        UUID ledger = ledger();
        JsonObject nul = transaction("nul", 1, 0);
        nul.getJsonObject("metadata").put("note", "a\u0000b");

        post(ledger, nul.encode()).statusCode(400).body("errors.field", hasItem("metadata"));
        post(ledger, transaction("nul\u0000key", 1, 0).encode()).statusCode(400)
                .body("errors.field", hasItem("idempotency_key"));
        assertEquals(2L, lastSequence(pool, ledger));
    }

    @Test
    void aBodyOverOneMibIs413ProblemJson() {
        UUID ledger = ledger();
        String body = transaction("huge", 1, 0).put("padding", "y".repeat(1024 * 1024)).encode();

        post(ledger, body).statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("PAYLOAD_TOO_LARGE"))
                .body("status", equalTo(413))
                .body("limit_bytes", equalTo(1024 * 1024));
        assertEquals(2L, lastSequence(pool, ledger));
    }
}
