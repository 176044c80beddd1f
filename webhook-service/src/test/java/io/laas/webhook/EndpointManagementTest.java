package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Managing an endpoint (merge patch, enable and disable, delete, custom headers, subscriptions, the per-ledger cap,
 * secret rotation) with the production default: internal targets are refused. Each answer is checked with what was,
 * or was not, written.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class EndpointManagementTest {

    private static final String PUBLIC_URL = "https://93.184.215.14/hooks/managed";
    private static final String OTHER_PUBLIC_URL = "https://93.184.215.15/hooks/moved";

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aMergePatchChangesOnlyTheFieldsGivenAndNullClears() {
        UUID ledger = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        String token = token(org, ledger);
        Map<String, Object> body = new HashMap<>();
        body.put("url", PUBLIC_URL);
        body.put("description", "orders");
        body.put("event_types", List.of("transaction.posted"));
        body.put("rate_limit", 50);
        body.put("max_in_flight", 4);
        String id = given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path(ledger))
                .then().statusCode(201)
                .body("rate_limit", equalTo(50))
                .body("max_in_flight", equalTo(4))
                .body("fifo", equalTo(false))
                .extract().path("id");

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"url\": \"" + OTHER_PUBLIC_URL + "\", \"event_types\": [\"transaction.*\", \"account.created\"],"
                        + " \"description\": null, \"rate_limit\": null, \"fifo\": true}")
                .patch(path(ledger) + "/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("url", equalTo(OTHER_PUBLIC_URL))
                .body("event_types", contains("transaction.*", "account.created"))
                .body("description", nullValue())
                .body("rate_limit", nullValue())
                .body("max_in_flight", equalTo(4))
                .body("fifo", equalTo(true))
                .body("enabled", equalTo(true))
                .body("$", not(hasKey("secret")));

        Row row = row("SELECT url, description, event_types::text AS types, rate_limit, max_in_flight, fifo, enabled"
                + " FROM endpoints WHERE id = $1", UUID.fromString(id));
        assertEquals(OTHER_PUBLIC_URL, row.getString("url"));
        assertNull(row.getString("description"));
        assertEquals("{transaction.*,account.created}", row.getString("types"));
        assertNull(row.getInteger("rate_limit"));
        assertEquals(4, row.getInteger("max_in_flight"));
        assertTrue(row.getBoolean("fifo"));

        List<JsonObject> audit = auditEventsOf(org, "webhook_endpoint.updated");
        assertEquals(1, audit.size());
        assertEquals(PUBLIC_URL, audit.get(0).getJsonObject("before").getString("url"));
        assertEquals("orders", audit.get(0).getJsonObject("before").getString("description"));
        assertEquals(OTHER_PUBLIC_URL, audit.get(0).getJsonObject("after").getString("url"));
        assertEquals(true, audit.get(0).getJsonObject("after").getBoolean("fifo"));
    }

    @Test
    void everyBadFieldOfAPatchIsNamedAndNothingIsWritten() {
        UUID ledger = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        String token = token(org, ledger);
        String id = create(token, ledger, Map.of("url", PUBLIC_URL, "description", "kept"));
        String before = row("SELECT row_to_json(e)::text FROM endpoints e WHERE id = $1", UUID.fromString(id))
                .getString(0);

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"url\": null}", "url");
        refused.put("{\"url\": 5}", "url");
        refused.put("{\"url\": \"not a url\"}", "url");
        refused.put("{\"description\": \"" + "d".repeat(501) + "\"}", "description");
        refused.put("{\"event_types\": [\"matrix.never\"]}", "event_types[0]");
        refused.put("{\"event_types\": [\"transaction.posted\", \"bogus.*\"]}", "event_types[1]");
        refused.put("{\"event_types\": \"transaction.posted\"}", "event_types");
        refused.put("{\"enabled\": null}", "enabled");
        refused.put("{\"enabled\": \"no\"}", "enabled");
        refused.put("{\"fifo\": 1}", "fifo");
        refused.put("{\"rate_limit\": 0}", "rate_limit");
        refused.put("{\"rate_limit\": 1.5}", "rate_limit");
        refused.put("{\"rate_limit\": \"5\"}", "rate_limit");
        refused.put("{\"max_in_flight\": 17}", "max_in_flight");
        refused.put("{\"max_in_flight\": 0}", "max_in_flight");
        refused.put("{\"headers\": [\"X-A\"]}", "headers");
        refused.put("{\"headers\": {\"X-A\": 5}}", "headers.X-A");
        refused.put("{}", "body");
        // a good field next to a bad one changes nothing either
        refused.put("{\"description\": \"changed\", \"max_in_flight\": 100}", "max_in_flight");
        refused.forEach((patch, field) -> given().auth().oauth2(token).contentType(ContentType.JSON).body(patch)
                .patch(path(ledger) + "/" + id)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem(field)));

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", "http://10.1.2.3/hook"))
                .patch(path(ledger) + "/" + id)
                .then().statusCode(422).body("code", equalTo("WEBHOOK_URL_NOT_ALLOWED"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("fifo", true))
                .patch(path(ledger) + "/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
        given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_READ)).contentType(ContentType.JSON)
                .body(Map.of("fifo", true)).patch(path(ledger) + "/" + id)
                .then().statusCode(403);

        assertEquals(before, row("SELECT row_to_json(e)::text FROM endpoints e WHERE id = $1", UUID.fromString(id))
                .getString(0));
        assertEquals(List.of(), auditEventsOf(org, "webhook_endpoint.updated"));
    }

    @Test
    void subscriptionsAreKnownTypesStarOrFamilyWildcards() {
        UUID ledger = UUID.randomUUID();
        String token = token(UUID.randomUUID(), ledger);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", PUBLIC_URL, "event_types", List.of("transaction.*", "account.created",
                        "webhook.test", "endpoint.disabled")))
                .post(path(ledger))
                .then().statusCode(201)
                .body("event_types", contains("transaction.*", "account.created", "webhook.test", "endpoint.disabled"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", PUBLIC_URL, "event_types", List.of("*")))
                .post(path(ledger))
                .then().statusCode(201);
        for (String type : List.of("matrix.never", "transaction", "transactions.*", "*.posted", "transaction.**")) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("url", PUBLIC_URL, "event_types", List.of("account.created", type)))
                    .post(path(ledger))
                    .then().statusCode(400)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors[0].field", equalTo("event_types[1]"))
                    .body("errors[0].message", containsString(type));
        }
        assertEquals(2L, count("SELECT count(*) FROM endpoints WHERE ledger_id = $1", ledger));
    }

    @Test
    void customHeadersAreValidatedAndCredentialValuesAreMaskedInEveryAnswer() {
        UUID ledger = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        String token = token(org, ledger);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer receiver-credential");
        headers.put("X-Api-Key", "key-123");
        headers.put("X-Tenant", "acme");
        String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", PUBLIC_URL, "headers", headers))
                .post(path(ledger))
                .then().statusCode(201)
                .body("headers.Authorization", equalTo("********"))
                .body("headers.X-Api-Key", equalTo("********"))
                .body("headers.X-Tenant", equalTo("acme"))
                .extract().path("id");
        given().auth().oauth2(token).get(path(ledger) + "/" + id)
                .then().statusCode(200)
                .body("headers.Authorization", equalTo("********"))
                .body("headers.X-Api-Key", equalTo("********"))
                .body("headers.X-Tenant", equalTo("acme"))
                .body(not(containsString("receiver-credential")));
        given().auth().oauth2(token).get(path(ledger))
                .then().statusCode(200).body(not(containsString("receiver-credential")));
        JsonObject stored = new JsonObject(row("SELECT headers::text FROM endpoints WHERE id = $1",
                UUID.fromString(id)).getString(0));
        assertEquals("Bearer receiver-credential", stored.getString("Authorization"));

        List<Map<String, Object>> refused = new ArrayList<>();
        for (String name : List.of("webhook-signature", "Webhook-Id", "WEBHOOK-TIMESTAMP", "Content-Type",
                "content-length", "Host", "User-Agent", "Transfer-Encoding", "Connection", "TE", "Upgrade",
                "Keep-Alive", "Proxy-Authorization", "bad name", "X(A)", "x".repeat(101))) {
            refused.add(Map.of(name, "v"));
        }
        refused.add(Map.of("X-Split", "a\r\nX-Injected: b"));
        refused.add(Map.of("X-Control", "a\u0001b"));
        refused.add(Map.of("X-Long", "v".repeat(1001)));
        refused.add(Map.of("X-Latin", "café"));
        Map<String, Object> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 21; i++) {
            tooMany.put("X-H" + i, "v");
        }
        refused.add(tooMany);
        for (Map<String, Object> bad : refused) {
            String field = bad.size() > 1 ? "headers" : "headers." + bad.keySet().iterator().next();
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("headers", bad))
                    .patch(path(ledger) + "/" + id)
                    .then().statusCode(400)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", hasItem(field));
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", PUBLIC_URL, "headers", bad))
                    .post(path(ledger))
                    .then().statusCode(400)
                    .body("errors.field", hasItem(field));
        }
        assertEquals(stored, new JsonObject(row("SELECT headers::text FROM endpoints WHERE id = $1",
                UUID.fromString(id)).getString(0)));
        assertEquals(1L, count("SELECT count(*) FROM endpoints WHERE ledger_id = $1", ledger));

        // replaced whole; null clears; the audit keeps the names, never the values
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("headers", Map.of("X-Other", "1")))
                .patch(path(ledger) + "/" + id)
                .then().statusCode(200).body("headers", equalTo(Map.of("X-Other", "1")));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"headers\": null}")
                .patch(path(ledger) + "/" + id)
                .then().statusCode(200).body("headers", equalTo(Map.of()));
        assertEquals("{}", row("SELECT headers::text FROM endpoints WHERE id = $1", UUID.fromString(id)).getString(0));
        List<JsonObject> audit = auditEventsOf(org, "webhook_endpoint.updated");
        assertEquals(2, audit.size());
        assertFalse(audit.toString().contains("receiver-credential"));
        assertFalse(audit.toString().contains("key-123"));
        assertEquals(List.of("Authorization", "X-Api-Key", "X-Tenant"),
                audit.get(0).getJsonObject("before").getJsonArray("header_names").getList());
    }

    @Test
    void disablingFailsThePendingDeliveriesAndEnablingClearsTheReason() {
        UUID ledger = UUID.randomUUID();
        String token = token(UUID.randomUUID(), ledger);
        UUID id = UUID.fromString(create(token, ledger, Map.of("url", PUBLIC_URL)));
        UUID delivery = pendingDelivery(ledger, id);
        pool.preparedQuery("UPDATE endpoints SET failing_since = now() - interval '1 hour' WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10));

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch(path(ledger) + "/" + id)
                .then().statusCode(200)
                .body("enabled", equalTo(false))
                .body("disabled_reason", equalTo("Disabled through the API."))
                .body("disabled_at", notNullValue());
        assertEquals("failed", row("SELECT status FROM deliveries WHERE id = $1", delivery).getString(0));
        given().auth().oauth2(token).post(path(ledger) + "/" + id + "/test")
                .then().statusCode(409).body("code", equalTo("WEBHOOK_ENDPOINT_DISABLED"));
        assertEquals(1L, count("SELECT count(*) FROM messages WHERE ledger_id = $1", ledger), "no test message");

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("enabled", true))
                .patch(path(ledger) + "/" + id)
                .then().statusCode(200)
                .body("enabled", equalTo(true))
                .body("disabled_reason", nullValue())
                .body("disabled_at", nullValue())
                .body("failing_since", nullValue());
        Row row = row("SELECT enabled, disabled_reason, disabled_at, failing_since FROM endpoints WHERE id = $1", id);
        assertTrue(row.getBoolean("enabled"));
        assertNull(row.getValue("disabled_reason"));
        assertNull(row.getValue("disabled_at"));
        assertNull(row.getValue("failing_since"));
        assertEquals("failed", row("SELECT status FROM deliveries WHERE id = $1", delivery).getString(0),
                "a failed delivery stays failed (recovery resends it)");
    }

    @Test
    void anEndpointRegisteredDisabledGetsNothingUntilEnabled() {
        UUID ledger = UUID.randomUUID();
        String token = token(UUID.randomUUID(), ledger);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", PUBLIC_URL, "enabled", "no"))
                .post(path(ledger))
                .then().statusCode(400).body("errors.field", hasItem("enabled"));
        assertEquals(0L, count("SELECT count(*) FROM endpoints WHERE ledger_id = $1", ledger));

        UUID id = UUID.fromString(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", PUBLIC_URL, "enabled", false))
                .post(path(ledger))
                .then().statusCode(201).body("enabled", equalTo(false)).extract().path("id"));
        Row row = row("SELECT enabled, disabled_reason, disabled_at FROM endpoints WHERE id = $1", id);
        assertFalse(row.getBoolean("enabled"));
        assertEquals("Disabled through the API.", row.getString("disabled_reason"));
        assertNotNull(row.getValue("disabled_at"));
        given().auth().oauth2(token).post(path(ledger) + "/" + id + "/test")
                .then().statusCode(409).body("code", equalTo("WEBHOOK_ENDPOINT_DISABLED"));
        assertEquals(0L, count("SELECT count(*) FROM messages WHERE ledger_id = $1", ledger));
    }

    @Test
    void deleteRemovesTheEndpointWithItsDeliveriesAndFreesItsQuota() {
        UUID ledger = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        String token = token(org, ledger);
        UUID id = UUID.fromString(create(token, ledger, Map.of("url", PUBLIC_URL)));
        UUID delivery = pendingDelivery(ledger, id);
        assertEquals(1L, count("SELECT endpoints FROM organization_endpoint_counts WHERE org_id = $1", org));

        given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_READ)).delete(path(ledger) + "/" + id)
                .then().statusCode(403);
        given().auth().oauth2(token).delete(path(ledger) + "/" + id).then().statusCode(204);
        assertEquals(0L, count("SELECT count(*) FROM endpoints WHERE id = $1", id));
        assertEquals(0L, count("SELECT count(*) FROM deliveries WHERE id = $1", delivery));
        assertEquals(0L, count("SELECT endpoints FROM organization_endpoint_counts WHERE org_id = $1", org));
        List<JsonObject> deleted = auditEventsOf(org, "webhook_endpoint.deleted");
        assertEquals(1, deleted.size());
        assertEquals(PUBLIC_URL, deleted.get(0).getJsonObject("before").getString("url"));
        assertNull(deleted.get(0).getValue("after"));

        given().auth().oauth2(token).delete(path(ledger) + "/" + id)
                .then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
        given().auth().oauth2(token).get(path(ledger) + "/" + id).then().statusCode(404);
        assertEquals(1, auditEventsOf(org, "webhook_endpoint.deleted").size());
    }

    @Test
    void aLedgerAtItsEndpointCapIsRefusedWith422AndNothingIsWritten() {
        UUID ledger = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        String token = token(org, ledger);
        for (int i = 0; i < 20; i++) {
            create(token, ledger, Map.of("url", PUBLIC_URL + i));
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", PUBLIC_URL))
                .post(path(ledger))
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("WEBHOOK_ENDPOINT_LIMIT"))
                .body("limit", equalTo(20))
                .body("current", equalTo(20));
        assertEquals(20L, count("SELECT count(*) FROM endpoints WHERE ledger_id = $1", ledger));
        assertEquals(20, auditEventsOf(org, "webhook_endpoint.created").size());

        // another ledger of the organisation is counted on its own; a deletion makes room again
        UUID other = UUID.randomUUID();
        create(token(org, other), other, Map.of("url", PUBLIC_URL));
        String first = given().auth().oauth2(token).get(path(ledger)).then().statusCode(200).extract().path("data[0].id");
        given().auth().oauth2(token).delete(path(ledger) + "/" + first).then().statusCode(204);
        create(token, ledger, Map.of("url", PUBLIC_URL));
    }

    @Test
    void rotatingTheSecretKeepsThePreviousOneForTheOverlapAndAcceptsAChosenSecret() {
        UUID ledger = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        String token = token(org, ledger);
        Response created = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", PUBLIC_URL))
                .post(path(ledger)).then().statusCode(201).extract().response();
        UUID id = UUID.fromString(created.path("id"));
        String original = created.path("secret");
        byte[] originalSealed = row("SELECT secret_enc FROM endpoints WHERE id = $1", id).getBuffer(0).getBytes();

        for (String bad : List.of("nope", "whsec_" + Base64.getEncoder().encodeToString(new byte[16]),
                "whsec_" + Base64.getEncoder().encodeToString(new byte[65]), "whsec_%%%")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("secret", bad))
                    .post(path(ledger) + "/" + id + "/secret/rotate")
                    .then().statusCode(400)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors[0].field", equalTo("secret"));
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"secret\": ")
                .post(path(ledger) + "/" + id + "/secret/rotate")
                .then().statusCode(400).body("code", equalTo("MALFORMED_REQUEST"));
        assertNull(row("SELECT previous_secret_enc FROM endpoints WHERE id = $1", id).getValue(0));
        assertTrue(java.util.Arrays.equals(originalSealed,
                row("SELECT secret_enc FROM endpoints WHERE id = $1", id).getBuffer(0).getBytes()));

        String chosen = "whsec_" + Base64.getEncoder().encodeToString("a-secret-the-client-chose-itself".getBytes());
        Response rotated = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("secret", chosen))
                .post(path(ledger) + "/" + id + "/secret/rotate")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("secret", equalTo(chosen))
                .body("previous_secret_expires_at", notNullValue())
                .extract().response();
        OffsetDateTime expires = OffsetDateTime.parse(rotated.path("previous_secret_expires_at"));
        assertTrue(Math.abs(Duration.between(OffsetDateTime.now().plusHours(24), expires).toMinutes()) < 2,
                "24 h overlap: " + expires);
        Row row = row("SELECT secret, secret_enc, previous_secret_enc, previous_secret_key_version,"
                + " previous_secret_expires_at FROM endpoints WHERE id = $1", id);
        assertNull(row.getValue("secret"));
        assertNotNull(row.getValue("previous_secret_enc"));
        assertEquals(1, row.getInteger("previous_secret_key_version"));
        String stored = new String(row.getBuffer("secret_enc").getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
                + new String(row.getBuffer("previous_secret_enc").getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(stored.contains(chosen.substring(6)) || stored.contains(original.substring(6)), "never in clear");
        assertFalse(java.util.Arrays.equals(originalSealed, row.getBuffer("secret_enc").getBytes()));

        given().auth().oauth2(token).get(path(ledger) + "/" + id)
                .then().statusCode(200).body("previous_secret_expires_at", notNullValue()).body("$", not(hasKey("secret")));

        // without a body: a generated secret; the previous secret is now the chosen one (the original is dropped)
        String generated = given().auth().oauth2(token).post(path(ledger) + "/" + id + "/secret/rotate")
                .then().statusCode(200).body("secret", containsString("whsec_")).extract().path("secret");
        assertEquals(32, Base64.getDecoder().decode(generated.substring(6)).length);

        List<JsonObject> audit = auditEventsOf(org, "webhook_endpoint.secret_rotated");
        assertEquals(2, audit.size());
        assertFalse(audit.toString().contains(chosen.substring(6)));
        assertFalse(audit.toString().contains(generated.substring(6)));

        given().auth().oauth2(token).post(path(ledger) + "/" + UUID.randomUUID() + "/secret/rotate")
                .then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
    }

    /** A pending delivery of a stored message to the endpoint, due in an hour (so that nobody attempts it). */
    private UUID pendingDelivery(UUID ledger, UUID endpoint) {
        UUID message = UUID.randomUUID();
        long position = row("INSERT INTO messages (id, ledger_id, event_type, payload, created_at) VALUES ($1, '"
                + ledger + "', 'transaction.posted', '{}'::jsonb, now()) RETURNING position", message).getLong(0);
        UUID delivery = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO deliveries (id, message_id, endpoint_id, status, attempts, next_attempt_at,"
                + " created_at, ledger_id, position) VALUES ($1, $2, $3, 'pending', 0, now() + interval '1 hour', now(),"
                + " $4, $5)")
                .execute(Tuple.from(List.of(delivery, message, endpoint, ledger, position)))
                .await().atMost(Duration.ofSeconds(10));
        return delivery;
    }

    private static String token(UUID org, UUID ledger) {
        return TestTokens.builder().orgId(org).ledgers(ledger)
                .scopes(Scopes.WEBHOOKS_WRITE, Scopes.WEBHOOKS_READ).build();
    }

    private static String create(String token, UUID ledger, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path(ledger))
                .then().statusCode(201).extract().path("id");
    }

    private static String path(UUID ledger) {
        return EndpointResourceTest.path(ledger);
    }

    private List<JsonObject> auditEventsOf(UUID org, String action) {
        List<JsonObject> events = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT payload FROM outbox WHERE aggregateid = $1 ORDER BY position")
                .execute(Tuple.of(org.toString())).await().atMost(Duration.ofSeconds(10))) {
            JsonObject event = (JsonObject) row.getValue("payload");
            if (action.equals(event.getString("action"))) {
                events.add(event);
            }
        }
        return events;
    }

    private long count(String sql, UUID param) {
        var rows = pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? 0L : rows.iterator().next().getLong(0);
    }

    private Row row(String sql, UUID param) {
        var rows = pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10));
        assertEquals(1, rows.size(), sql);
        return rows.iterator().next();
    }
}
