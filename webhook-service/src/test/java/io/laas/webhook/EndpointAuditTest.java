package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** An endpoint change writes its audit event to the outbox, in the change's transaction, without the secret. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class EndpointAuditTest {

    private static final String PUBLIC_URL = "https://93.184.215.14/hooks/audited";

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private List<JsonObject> auditEventsOf(UUID organizationId) {
        List<JsonObject> events = new java.util.ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT aggregatetype, type, payload FROM outbox WHERE aggregateid = $1"
                + " ORDER BY position").execute(Tuple.of(organizationId.toString())).await().atMost(Duration.ofSeconds(10))) {
            assertEquals("audit", row.getString("aggregatetype"));
            assertEquals("audit.recorded", row.getString("type"));
            events.add((JsonObject) row.getValue("payload"));
        }
        return events;
    }

    @Test
    void creatingAnEndpointWritesOneAuditEventWithoutItsSecret() {
        UUID ledger = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        String token = TestTokens.builder().ledgers(ledger).orgId(org).clientId("lc_audited")
                .scopes(Scopes.WEBHOOKS_WRITE).build();
        var created = given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("X-Forwarded-For", "198.51.100.7, 192.0.2.44").header("User-Agent", "audit-test/1.0")
                .header("X-Request-Id", "req-endpoint")
                .body(Map.of("url", PUBLIC_URL, "event_types", List.of("transaction.posted"), "description", "orders"))
                .post(EndpointResourceTest.path(ledger))
                .then().statusCode(201).extract();
        String id = created.path("id");
        String secret = created.path("secret");

        List<JsonObject> events = auditEventsOf(org);
        assertEquals(1, events.size());
        JsonObject event = events.get(0);
        assertEquals(org.toString(), event.getString("organization_id"));
        assertEquals("webhook_endpoint.created", event.getString("action"));
        assertEquals("webhook-service", event.getString("service"));
        assertEquals(new JsonObject().put("type", "client").put("id", "lc_audited").put("display", "lc_audited"),
                event.getJsonObject("actor"));
        assertEquals(new JsonObject().put("type", "webhook_endpoint").put("id", id), event.getJsonObject("target"));
        assertEquals(new JsonObject().put("ip", "192.0.2.44").put("user_agent", "audit-test/1.0")
                .put("request_id", "req-endpoint"), event.getJsonObject("source"));
        assertNull(event.getValue("before"));
        assertEquals(PUBLIC_URL, event.getJsonObject("after").getString("url"));
        assertEquals(ledger.toString(), event.getJsonObject("after").getString("ledger_id"));
        assertFalse(event.encode().contains(secret.substring("whsec_".length())), "the signing secret never");
        assertFalse(event.getJsonObject("after").containsKey("secret"));
    }

    @Test
    void aRefusedEndpointWritesNoAuditEvent() {
        UUID ledger = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        String token = TestTokens.builder().ledgers(ledger).orgId(org).scopes(Scopes.WEBHOOKS_WRITE).build();
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", "https://127.0.0.1/hooks"))
                .post(EndpointResourceTest.path(ledger))
                .then().statusCode(422);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", "not a url"))
                .post(EndpointResourceTest.path(ledger))
                .then().statusCode(400);

        assertEquals(List.of(), auditEventsOf(org));
    }
}
