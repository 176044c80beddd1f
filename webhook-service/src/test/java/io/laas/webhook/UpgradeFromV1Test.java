package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;

import io.laas.local.testing.MigrationUpgrade;
import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An upgrade from the first release: the webhook schema at V1 with the rows V1's code wrote (src/test/resources/
 * upgrade/from-v1.sql), then this service started on it, its migrations taking it to the latest version. The old
 * endpoint's clear secret is encrypted at start, its delivery log reads back, the delivery that was due is retried,
 * and after the endpoint moves to a receiver both the old message (resent) and a new event arrive signed with the
 * secret the tenant was given before the upgrade.
 */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.LoopbackTargetsAllowed.class)
@QuarkusTestResource(value = MigrationUpgrade.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "schema", value = "webhook"),
        @ResourceArg(name = "seed", value = "src/test/resources/upgrade/from-v1.sql") })
class UpgradeFromV1Test {

    private static final UUID LEDGER = UUID.fromString("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01");
    private static final UUID ENDPOINT = UUID.fromString("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b02");
    private static final UUID DELIVERED = UUID.fromString("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b10");
    private static final UUID DUE = UUID.fromString("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b11");
    private static final UUID OTHER_LEDGER = UUID.fromString("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c01");
    private static final UUID OTHER_ENDPOINT = UUID.fromString("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c02");
    private static final UUID OTHER_DELIVERED = UUID.fromString("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7c10");
    private static final String SECRET = "whsec_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks span the whole schema: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    Flyway flyway;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void theOldEndpointServesItsLogAndReceivesOldAndNewMessagesSignedWithItsOldSecret() throws Exception {
        List<String> versions = Arrays.stream(flyway.info().applied()).filter(m -> m.getVersion() != null)
                .map(m -> m.getVersion().getVersion()).toList();
        assertEquals("1", versions.get(0), versions.toString());
        assertEquals(0, flyway.info().pending().length);
        assertThrows(FlywayException.class, flyway::clean);

        // V6 copied each endpoint's ledger onto its deliveries and attempts, and left no policy of its upgrade behind
        assertEquals(List.of(DELIVERED + " " + LEDGER, DUE + " " + LEDGER, OTHER_DELIVERED + " " + OTHER_LEDGER),
                strings("SELECT message_id || ' ' || ledger_id FROM deliveries ORDER BY message_id"));
        assertEquals(List.of(DELIVERED + " " + LEDGER, DUE + " " + LEDGER, OTHER_DELIVERED + " " + OTHER_LEDGER),
                strings("SELECT d.message_id || ' ' || a.ledger_id FROM attempts a JOIN deliveries d ON d.id = a.delivery_id"
                        + " WHERE a.attempt_number = 1 ORDER BY d.message_id"));
        // V8 gave the deliveries their message's position and dated the disabled endpoint
        assertEquals(List.of("0"), strings("SELECT count(*)::text FROM deliveries d JOIN messages m ON m.id = d.message_id"
                + " WHERE d.position IS DISTINCT FROM m.position"));
        assertEquals(List.of(ENDPOINT + " false", OTHER_ENDPOINT + " true"),
                strings("SELECT id || ' ' || (disabled_at IS NOT NULL) FROM endpoints ORDER BY id"));
        assertEquals(List.of("0"), strings("SELECT count(*)::text FROM pg_policies WHERE policyname NOT IN ('ledger_isolation')"
                + " AND schemaname = current_schema()"));

        // the clear secret is sealed at start (V7), once
        await().atMost(WAIT).until(() -> endpointRow().getValue("secret") == null);
        assertNotNull(endpointRow().getValue("secret_enc"));
        assertEquals(1, endpointRow().getInteger("secret_key_version"));

        // the delivery that was due is retried by the current dispatcher until its schedule ends (the address refuses)
        await().atMost(WAIT).until(() -> "failed".equals(deliveryStatus(DUE)));
        assertTrue(count("SELECT attempts FROM deliveries WHERE message_id = $1", DUE) > 1);
        given().auth().oauth2(token(Scopes.WEBHOOKS_READ)).get(EndpointResourceTest.path(LEDGER) + "/" + ENDPOINT + "/attempts")
                .then().statusCode(200)
                .body("data.message_id", hasItems(DELIVERED.toString(), DUE.toString()));
        given().auth().oauth2(token(Scopes.WEBHOOKS_READ)).get("/v1/ledgers/" + LEDGER + "/webhook-messages")
                .then().statusCode(200)
                .body("data.id", hasItems(DELIVERED.toString(), DUE.toString()));

        try (Receiver receiver = Receiver.start()) {
            given().auth().oauth2(token(Scopes.WEBHOOKS_WRITE)).contentType(ContentType.JSON)
                    .body("{\"url\": \"" + receiver.url("/moved") + "\"}")
                    .patch(EndpointResourceTest.path(LEDGER) + "/" + ENDPOINT)
                    .then().statusCode(200).body("url", equalTo(receiver.url("/moved")));

            given().auth().oauth2(token(Scopes.WEBHOOKS_WRITE))
                    .post("/v1/ledgers/" + LEDGER + "/webhook-messages/" + DUE + "/endpoints/" + ENDPOINT + "/resend")
                    .then().statusCode(202);
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(DUE)));

            UUID after = UUID.randomUUID();
            LedgerEvents.send(LEDGER, after, "transaction.posted", LedgerEvents.transactionPosted(after, LEDGER, 3));
            await().atMost(WAIT).until(() -> "succeeded".equals(deliveryStatus(after)));

            List<Receiver.Request> requests = receiver.requests();
            assertEquals(List.of(DUE.toString(), after.toString()),
                    requests.stream().map(request -> request.header("webhook-id")).toList());
            Webhook original = new Webhook(SECRET);
            for (Receiver.Request request : requests) {
                assertDoesNotThrow(() -> original.verify(request.body(), request.headers()));
            }
            JsonNode resent = JSON.readTree(requests.get(0).body());
            assertEquals("25.50", resent.at("/data/data/postings/0/amount").asText());
            assertEquals(2, resent.at("/data/sequence").asInt());
        }
        assertNull(endpointRow().getValue("secret"), "the secret stays sealed");
    }

    private static String token(String scope) {
        return TestTokens.token(List.of(LEDGER), scope);
    }

    private Row endpointRow() {
        return pool.preparedQuery("SELECT secret, secret_enc, secret_key_version FROM endpoints WHERE id = $1")
                .execute(Tuple.of(ENDPOINT)).await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    private String deliveryStatus(UUID message) {
        var rows = pool.preparedQuery("SELECT status FROM deliveries WHERE message_id = $1 AND endpoint_id = $2")
                .execute(Tuple.of(message, ENDPOINT)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private List<String> strings(String sql) {
        List<String> values = new ArrayList<>();
        pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).forEach(row -> values.add(row.getString(0)));
        return values;
    }

    private long count(String sql, UUID message) {
        return pool.preparedQuery(sql).execute(Tuple.of(message)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
