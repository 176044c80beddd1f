package io.laas.webhook;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Base64;
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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The endpoint API with the production default: internal targets are refused. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class EndpointResourceTest {

    private static final String PUBLIC_URL = "https://93.184.215.14/hooks/laas?source=test";

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void createReturnsTheSigningSecretOnceAndReadsNeverShowIt() {
        UUID ledger = UUID.randomUUID();
        String token = TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE, Scopes.WEBHOOKS_READ);

        Response created = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", PUBLIC_URL, "event_types", List.of("transaction.posted"), "description", "orders"))
                .post(path(ledger))
                .then().statusCode(201)
                .header("Location", containsString(path(ledger) + "/"))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("url", equalTo(PUBLIC_URL))
                .body("event_types", contains("transaction.posted"))
                .body("description", equalTo("orders"))
                .body("enabled", equalTo(true))
                .body("created_at", notNullValue())
                .body("secret", matchesPattern("whsec_[A-Za-z0-9+/=]+"))
                .extract().response();
        String id = created.path("id");
        String secret = created.path("secret");
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);
        // stored encrypted, never in clear (EndpointSecretRotationTest covers the encryption itself)
        assertEquals(null, query("SELECT secret FROM endpoints WHERE id = $1", UUID.fromString(id)));
        assertEquals("1", query("SELECT secret_key_version::text FROM endpoints WHERE id = $1", UUID.fromString(id)));
        String sealed = query("SELECT encode(secret_enc, 'escape') FROM endpoints WHERE id = $1", UUID.fromString(id));
        assertFalse(sealed.contains(secret.substring("whsec_".length())), "the secret is not stored in clear");
        // The reactive client writes to the service's own schema.
        assertEquals(ledger.toString(), query("SELECT ledger_id::text FROM webhook.endpoints WHERE id = $1", UUID.fromString(id)));

        given().auth().oauth2(token).get(path(ledger) + "/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("url", equalTo(PUBLIC_URL))
                .body("enabled", equalTo(true))
                .body("$", not(hasKey("secret")));

        given().auth().oauth2(token).get(path(ledger))
                .then().statusCode(200)
                .body("data.id", contains(id))
                .body("data[0]", not(hasKey("secret")))
                .body("next_cursor", nullValue());
    }

    @Test
    void endpointsWithoutEventTypesSubscribeToEverything() {
        UUID ledger = UUID.randomUUID();
        given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON)
                .body(Map.of("url", PUBLIC_URL))
                .post(path(ledger))
                .then().statusCode(201)
                .body("event_types", empty())
                .body("description", nullValue());
    }

    @Test
    void listIsPaginatedWithACursor() {
        UUID ledger = UUID.randomUUID();
        String token = TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE, Scopes.WEBHOOKS_READ);
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", PUBLIC_URL + i))
                    .post(path(ledger)).then().statusCode(201);
        }
        Response first = given().auth().oauth2(token).queryParam("limit", 2).get(path(ledger))
                .then().statusCode(200).body("data.size()", equalTo(2)).body("next_cursor", notNullValue())
                .extract().response();
        given().auth().oauth2(token).queryParam("limit", 2).queryParam("cursor", first.<String>path("next_cursor"))
                .get(path(ledger))
                .then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].url", equalTo(PUBLIC_URL + 2))
                .body("next_cursor", nullValue());

        given().auth().oauth2(token).queryParam("limit", 0).get(path(ledger))
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(token).queryParam("cursor", "bm9wZQ").get(path(ledger))
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void malformedUrlsAreRejectedWith400AndNothingIsStored() {
        UUID ledger = UUID.randomUUID();
        for (Object body : List.of(
                Map.of("url", "not a url"),
                Map.of("url", "/relative/path"),
                Map.of("url", "https://"),
                Map.of("url", "https://example.com/" + "a".repeat(2050)),
                Map.of("description", "no url"),
                Map.of("url", PUBLIC_URL, "event_types", List.of("")))) {
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON).body(body)
                    .post(path(ledger))
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_FAILED"));
        }
        given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON).body("{\"url\": ")
                .post(path(ledger))
                .then().statusCode(400).body("code", equalTo("MALFORMED_REQUEST"));
        assertEquals(0L, endpointCount(ledger));
    }

    @Test
    void internalTargetsAreRefusedWith422AndNothingIsStored() {
        UUID ledger = UUID.randomUUID();
        // Whether the host does not resolve or resolves to a refused address, the answer is the same: no DNS oracle.
        for (String url : List.of("http://127.0.0.1:8084/hook", "http://169.254.169.254/latest/meta-data/",
                "http://10.1.2.3/hook", "http://192.168.1.1/", "http://100.64.0.1/", "http://[::1]/hook",
                "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://localhost/hook",
                "http://168.63.129.16/", "http://100.100.100.200/", "http://[fd00:ec2::254]/",
                "http://[::ffff:93.184.215.14]/", "http://[64:ff9b::5db8:d70e]/", "http://[2001::5db8:d70e]/",
                "http://[2002:5db8:d70e::1]/", "http://[100::1]/", "http://[2001:db8::1]/", "http://192.0.2.1/",
                "http://no-such-host.invalid/hook")) {
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON).body(Map.of("url", url))
                    .post(path(ledger))
                    .then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("code", equalTo("WEBHOOK_URL_NOT_ALLOWED"))
                    .body("status", equalTo(422))
                    .body("detail", equalTo("The webhook URL is not allowed."));
        }
        // Refusals that do not depend on DNS say why.
        given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON).body(Map.of("url", "ftp://93.184.215.14/file"))
                .post(path(ledger))
                .then().statusCode(422).body("code", equalTo("WEBHOOK_URL_NOT_ALLOWED"))
                .body("detail", equalTo("The webhook URL is not allowed: only http and https URLs are allowed."));
        given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON)
                .body(Map.of("url", "https://user:pass@93.184.215.14/"))
                .post(path(ledger))
                .then().statusCode(422).body("code", equalTo("WEBHOOK_URL_NOT_ALLOWED"))
                .body("detail", equalTo("The webhook URL is not allowed: credentials in the URL are not allowed."));
        assertEquals(0L, endpointCount(ledger));
    }

    @Test
    void anotherLedgerIsNotFound() {
        UUID mine = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        String token = TestTokens.token(List.of(mine), Scopes.WEBHOOKS_WRITE, Scopes.WEBHOOKS_READ);
        String theirEndpoint = given().auth().oauth2(writer(theirs)).contentType(ContentType.JSON)
                .body(Map.of("url", PUBLIC_URL)).post(path(theirs))
                .then().statusCode(201).extract().path("id");

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", PUBLIC_URL))
                .post(path(theirs))
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(token).get(path(theirs))
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(token).get(path(theirs) + "/" + theirEndpoint + "/attempts")
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        // Asking for their endpoint under my ledger does not find it either.
        given().auth().oauth2(token).get(path(mine) + "/" + theirEndpoint)
                .then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
        given().auth().oauth2(token).get(path(mine) + "/" + theirEndpoint + "/attempts")
                .then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
        given().auth().oauth2(token).get(path(mine) + "/not-a-uuid")
                .then().statusCode(404).body("code", equalTo("WEBHOOK_ENDPOINT_NOT_FOUND"));
        assertEquals(1L, endpointCount(theirs));
        assertEquals(0L, endpointCount(mine));
    }

    @Test
    void missingOrInvalidTokenIsUnauthorized() {
        UUID ledger = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("url", PUBLIC_URL)).post(path(ledger))
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHORIZED"));
        given().get(path(ledger)).then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        String foreignIssuer = TestTokens.builder().ledgers(ledger).scopes(Scopes.WEBHOOKS_READ)
                .issuer("https://elsewhere.example").build();
        given().auth().oauth2(foreignIssuer).get(path(ledger)).then().statusCode(401);
        assertEquals(0L, endpointCount(ledger));
    }

    @Test
    void readOnlyScopeCannotCreate() {
        UUID ledger = UUID.randomUUID();
        String reader = TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_READ, Scopes.LEDGER_WRITE);
        given().auth().oauth2(reader).contentType(ContentType.JSON).body(Map.of("url", PUBLIC_URL))
                .post(path(ledger))
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.LEDGER_READ)).get(path(ledger))
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        assertEquals(0L, endpointCount(ledger));
    }

    @Test
    void attemptsOfANewEndpointAreEmpty() {
        UUID ledger = UUID.randomUUID();
        String token = TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE, Scopes.WEBHOOKS_READ);
        String id = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", PUBLIC_URL))
                .post(path(ledger)).then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).get(path(ledger) + "/" + id + "/attempts")
                .then().statusCode(200)
                .body("data", empty())
                .body("next_cursor", nullValue());
    }

    @Test
    void deliveryIsRefusedWhenTheTargetIsInternalAtSendTime() {
        // Simulates an endpoint whose host passed the check at creation but now resolves to loopback.
        UUID ledger = UUID.randomUUID();
        UUID endpointId = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            pool.preparedQuery("INSERT INTO endpoints (id, ledger_id, url, secret) VALUES ($1, $2, $3, $4)")
                    .execute(Tuple.of(endpointId, ledger, receiver.url("/internal"),
                            "whsec_" + Base64.getEncoder().encodeToString(new byte[32])))
                    .await().indefinitely();
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));

            await().atMost(Duration.ofSeconds(30)).until(() -> attemptCount(endpointId) >= 1);
            given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_READ))
                    .get(path(ledger) + "/" + endpointId + "/attempts")
                    .then().statusCode(200)
                    .body("data[0].message_id", equalTo(eventId.toString()))
                    .body("data[0].response_status", nullValue())
                    .body("data[0].error", equalTo("target not allowed"))
                    .body("data[0].delivery_status", equalTo("pending"));
            assertEquals(List.of(), receiver.requests());
        }
    }

    @Test
    void serviceExposesHealthMetricsAndOpenApi() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/metrics").then().statusCode(200)
                .body(containsString("laas_webhook_deliveries_pending"))
                .body(containsString("laas_webhook_deliveries_succeeded_total"));
        management().get("/q/openapi").then().statusCode(200).body(containsString("/v1/ledgers/{ledger_id}/webhook-endpoints"));
    }

    private long attemptCount(UUID endpointId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM attempts WHERE endpoint_id = $1")
                .execute(Tuple.of(endpointId)).await().indefinitely().iterator().next().getLong("n");
    }

    static String path(UUID ledger) {
        return "/v1/ledgers/" + ledger + "/webhook-endpoints";
    }

    private static String writer(UUID ledger) {
        return TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE);
    }

    private long endpointCount(UUID ledger) {
        return pool.preparedQuery("SELECT count(*) AS n FROM endpoints WHERE ledger_id = $1")
                .execute(Tuple.of(ledger)).await().indefinitely().iterator().next().getLong("n");
    }

    private String query(String sql, Object param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely().iterator().next().getString(0);
    }
}
