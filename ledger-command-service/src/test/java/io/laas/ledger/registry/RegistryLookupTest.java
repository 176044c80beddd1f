package io.laas.ledger.registry;

import static io.laas.ledger.LedgerApi.account;
import static io.laas.ledger.LedgerApi.postTransaction;
import static io.laas.ledger.LedgerApi.transfer;
import static io.laas.ledger.LedgerFixtures.REGISTRY_TOPIC;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.lastSequence;
import static io.laas.ledger.LedgerFixtures.ledgerCreated;
import static io.laas.ledger.LedgerFixtures.produce;
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
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.ledger.LedgerFixtures;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A ledger IAM created a moment ago is usable here at once: the command service asks IAM's registry for a ledger
 * it has not learned from its event yet, with its own identity, and records it as the event would.
 */
@QuarkusTest
@TestProfile(RegistryLookupProfile.class)
class RegistryLookupTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterEach
    void iamUp() {
        mode("up");
    }

    private static String iam() {
        return ConfigProvider.getConfig().getValue("laas.ledger.registry.iam-url", String.class);
    }

    private static JsonObject registered(UUID ledger, String archivedAt) {
        return new JsonObject()
                .put("id", ledger.toString())
                .put("org_id", UUID.randomUUID().toString())
                .put("project_id", UUID.randomUUID().toString())
                .put("code", "fresh-" + ledger.toString().substring(0, 8))
                .put("name", "Fresh ledger")
                .put("currency", "EUR")
                .put("created_at", "2026-03-01T10:00:00Z")
                .put("updated_at", archivedAt == null ? "2026-03-01T10:00:00Z" : archivedAt)
                .put("archived_at", archivedAt);
    }

    /** IAM knows the ledger; its ledger.created event has not reached this service. */
    private static void iamKnows(JsonObject ledger) {
        given().baseUri(iam()).body(ledger.encode()).put("/control/ledgers/" + ledger.getString("id"))
                .then().statusCode(204);
    }

    private static int lookups(UUID ledger) {
        return Integer.parseInt(given().baseUri(iam()).get("/control/lookups/" + ledger).then().statusCode(200)
                .extract().asString());
    }

    private static void mode(String mode) {
        given().baseUri(iam()).post("/control/mode/" + mode).then().statusCode(204);
    }

    @Test
    void aLedgerOnlyIamKnowsIsRecordedAndTakesWritesInTheFirstRequest() {
        UUID ledger = UUID.randomUUID();
        JsonObject registered = registered(ledger, null);
        iamKnows(registered);
        assertEquals(0, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", ledger));

        account(ledger, "cash", "asset", Map.of()).statusCode(201).body("currency", equalTo("EUR"));
        account(ledger, "revenue", "revenue", Map.of()).statusCode(201);
        postTransaction(ledger, transfer("first", "cash", "revenue", "12.50")).statusCode(201)
                .body("ledger_sequence", equalTo(3));

        Row row = rows(pool, "SELECT * FROM ledgers WHERE id = $1", ledger).iterator().next();
        assertEquals(registered.getString("org_id"), row.getUUID("org_id").toString());
        assertEquals(registered.getString("project_id"), row.getUUID("project_id").toString());
        assertEquals(registered.getString("code"), row.getString("code"));
        assertEquals("EUR", row.getString("currency"));
        assertEquals(3L, row.getLong("last_sequence"));
        // asked once, with the service's own token, never with the caller's
        assertEquals(1, lookups(ledger));
        String authorization = given().baseUri(iam()).get("/control/authorization").then().extract().asString();
        assertTrue(authorization.startsWith("Bearer service-token-"), authorization);
        assertFalse(authorization.contains(writeToken(ledger).substring(0, 20)));
    }

    @Test
    void theLedgersEventArrivingAfterTheLookupChangesNothing() {
        UUID ledger = UUID.randomUUID();
        iamKnows(registered(ledger, null));
        account(ledger, "cash", "asset", Map.of()).statusCode(201);

        JsonObject created = ledgerCreated(ledger, "EUR").put("name", "Fresh ledger");
        produce(REGISTRY_TOPIC, ledger.toString(), created.getString("event_id"), "ledger.created", created.encode());
        UUID marker = LedgerFixtures.ledger(pool, "USD", ledger.toString());

        assertEquals(1, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", marker));
        assertEquals(1, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", ledger));
        assertEquals(1L, lastSequence(pool, ledger));
    }

    @Test
    void anUnknownLedgerIs404AndIamIsAskedOnceWhileItsAnswerIsRemembered() {
        UUID ledger = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            postTransaction(ledger, transfer("k" + i, "cash", "revenue", "1.00")).statusCode(404)
                    .body("code", equalTo("LEDGER_NOT_FOUND"));
        }
        account(ledger, "cash", "asset", Map.of()).statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        assertEquals(1, lookups(ledger));
        assertEquals(0, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", ledger));

        // once the remembered answer expires (3 s here), a ledger IAM created meanwhile is found
        iamKnows(registered(ledger, null));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> account(ledger, "cash", "asset", Map.of()).extract().statusCode() == 201);
        assertEquals(2, lookups(ledger));
    }

    @Test
    void iamUnreachableOrFailingIs503AndWritesNothing() {
        UUID ledger = UUID.randomUUID();
        iamKnows(registered(ledger, null));
        mode("down");
        postTransaction(ledger, transfer("k1", "cash", "revenue", "1.00")).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("code", equalTo("REGISTRY_UNAVAILABLE"));
        mode("error");
        account(ledger, "cash", "asset", Map.of()).statusCode(503).body("code", equalTo("REGISTRY_UNAVAILABLE"));
        assertEquals(0, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", ledger));
        assertEquals(0, count(pool, "SELECT count(*) FROM accounts WHERE ledger_id = $1", ledger));

        // a failure is not remembered: IAM back, the next request finds the ledger
        mode("up");
        account(ledger, "cash", "asset", Map.of()).statusCode(201);
    }

    @Test
    void aLedgerIamHasArchivedIsRecordedArchivedAndRefusesWrites() {
        UUID ledger = UUID.randomUUID();
        iamKnows(registered(ledger, Instant.parse("2026-04-01T00:00:00Z").toString()));

        account(ledger, "cash", "asset", Map.of()).statusCode(409).body("code", equalTo("LEDGER_ARCHIVED"));
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(transfer("k1", "cash", "revenue", "1.00"))
                .post("/v1/ledgers/{id}/transactions", ledger)
                .then().statusCode(409).body("code", equalTo("LEDGER_ARCHIVED"));
        assertEquals(1, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1 AND archived_at IS NOT NULL", ledger));
        assertEquals(0L, lastSequence(pool, ledger));
    }
}
