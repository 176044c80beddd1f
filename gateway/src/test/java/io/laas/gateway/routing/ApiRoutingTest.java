package io.laas.gateway.routing;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Fakes;
import io.laas.gateway.support.Recorded;
import io.laas.gateway.support.Tokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@QuarkusTestResource(Fakes.class)
class ApiRoutingTest {

    private static final String[] ALL_SCOPES = { Scopes.LEDGER_READ, Scopes.LEDGER_WRITE, Scopes.WEBHOOKS_READ,
            Scopes.WEBHOOKS_WRITE };

    @ConfigProperty(name = "laas.gateway.iam-url")
    String iamUrl;
    @ConfigProperty(name = "laas.gateway.command-url")
    String commandUrl;
    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;
    @ConfigProperty(name = "laas.gateway.webhook-url")
    String webhookUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void writesGoToTheCommandServiceWithTheJwtAndTheClientHeaders() {
        UUID ledger = UUID.randomUUID();
        String token = Tokens.forLedgers(List.of(ledger), ALL_SCOPES);
        String requestId = "req-" + UUID.randomUUID();
        String body = "{\"idempotency_key\":\"k1\",\"postings\":[{\"account_code\":\"cash\",\"amount\":\"10.00\"}]}";

        given().auth().oauth2(token)
                .header("x-request-id", requestId)
                .header("Idempotency-Key", "k-" + requestId)
                .header("X-Unrelated", "must-not-travel")
                .header("User-Agent", "routing-test/2.0")
                .contentType("application/json")
                .accept("application/json")
                .body(body)
                .post("/v1/ledgers/{ledger}/transactions?dry_run=false", ledger)
                .then()
                .statusCode(201)
                .header("Location", startsWith("/v1/ledgers/" + ledger + "/transactions/"))
                .header("x-request-id", requestId)
                .body("service", equalTo("command"));

        List<Recorded.Request> received = Recorded.byRequestId(commandUrl, requestId);
        assertThat(received, hasSize(1));
        Recorded.Request forwarded = received.get(0);
        assertThat(forwarded.method(), equalTo("POST"));
        assertThat(forwarded.path(), equalTo("/v1/ledgers/" + ledger + "/transactions"));
        assertThat(forwarded.query(), equalTo("dry_run=false"));
        assertThat(forwarded.body(), equalTo(body));
        assertThat(forwarded.header("authorization"), equalTo("Bearer " + token));
        assertThat(forwarded.header("content-type"), startsWith("application/json"));
        assertThat(forwarded.header("accept"), equalTo("application/json"));
        assertThat(forwarded.header("idempotency-key"), equalTo("k-" + requestId));
        assertThat(forwarded.header("user-agent"), equalTo("routing-test/2.0"));
        assertThat(forwarded.header("x-forwarded-for"), equalTo("127.0.0.1"));
        assertThat(forwarded.header("x-forwarded-proto"), equalTo("http"));
        assertThat(forwarded.header("x-unrelated"), nullValue());
        assertThat(Recorded.byRequestId(projectorUrl, requestId), empty());
        assertThat(Recorded.byRequestId(webhookUrl, requestId), empty());
    }

    @Test
    void noCorsHeadersByDefault() {
        UUID ledger = UUID.randomUUID();
        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ))
                .header("Origin", "https://console.example")
                .get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Access-Control-Expose-Headers", nullValue());
        given().header("Origin", "https://console.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/v1/transactions")
                .then()
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Methods", nullValue());
    }

    @Test
    void readsGoToTheProjectorWithTheirQuery() {
        UUID ledger = UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();

        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ))
                .header("x-request-id", requestId)
                .urlEncodingEnabled(false)
                .get("/v1/ledgers/" + ledger + "/accounts?limit=2&cursor=a%2Bb")
                .then()
                .statusCode(200)
                .header("X-Served-By", "projector")
                .body("path", equalTo("/v1/ledgers/" + ledger + "/accounts"))
                .body("query", equalTo("limit=2&cursor=a%2Bb"));

        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ))
                .header("x-request-id", requestId)
                .head("/v1/ledgers/{ledger}/accounts/cash", ledger)
                .then()
                .statusCode(200)
                .header("X-Served-By", "projector");

        assertThat(Recorded.methods(projectorUrl, requestId), contains("GET", "HEAD"));
        assertThat(Recorded.byRequestId(commandUrl, requestId), empty());
    }

    @Test
    void readsAfterWritesPassTheLedgerSequenceBothWays() {
        UUID ledger = UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();
        String token = Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ, Scopes.LEDGER_WRITE);

        given().auth().oauth2(token).header("x-request-id", requestId)
                .contentType("application/json").body("{}")
                .post("/v1/ledgers/{ledger}/transactions", ledger)
                .then().statusCode(201).header("X-Served-By", "command").header("Ledger-Sequence", "42");
        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts/cash?min_sequence=42", ledger)
                .then().statusCode(200).header("X-Served-By", "projector").header("Ledger-Sequence", "42")
                .body("query", equalTo("min_sequence=42"));
        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/projection?min_sequence=42", ledger)
                .then().statusCode(200).header("X-Served-By", "projector").header("Ledger-Sequence", "42")
                .body("path", equalTo("/v1/ledgers/" + ledger + "/projection"));
        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/transactions?min_sequence=42&limit=5")
                .then().statusCode(200).header("Ledger-Sequence", "42")
                .body("path", equalTo("/v1/ledgers/" + ledger + "/transactions"))
                .body("query", equalTo("min_sequence=42&limit=5"));

        assertThat(Recorded.byRequestId(projectorUrl, requestId), hasSize(3));
    }

    @Test
    void theLedgersHistoryIsReadFromTheCommandService() {
        UUID ledger = UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();
        String token = Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ);

        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/events?after_sequence=1000&limit=1000", ledger)
                .then().statusCode(200).header("X-Served-By", "command")
                .body("query", equalTo("after_sequence=1000&limit=1000"));
        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/verify", ledger)
                .then().statusCode(200).header("X-Served-By", "command");
        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_WRITE)).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/verify", ledger)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));

        assertThat(Recorded.paths(commandUrl, requestId), contains("/v1/ledgers/" + ledger + "/events",
                "/v1/ledgers/" + ledger + "/verify"));
        assertThat(Recorded.byRequestId(projectorUrl, requestId), empty());
    }

    @Test
    void webhookEndpointsGoToTheWebhookService() {
        UUID ledger = UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();
        String token = Tokens.forLedgers(List.of(ledger), Scopes.WEBHOOKS_READ, Scopes.WEBHOOKS_WRITE);

        given().auth().oauth2(token).header("x-request-id", requestId)
                .contentType("application/json").body("{\"url\":\"https://example.com/hook\"}")
                .post("/v1/ledgers/{ledger}/webhook-endpoints", ledger)
                .then().statusCode(201).header("X-Served-By", "webhook");
        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/webhook-endpoints/abc/attempts", ledger)
                .then().statusCode(200).header("X-Served-By", "webhook");

        assertThat(Recorded.paths(webhookUrl, requestId), contains("/v1/ledgers/" + ledger + "/webhook-endpoints",
                        "/v1/ledgers/" + ledger + "/webhook-endpoints/abc/attempts"));
        assertThat(Recorded.byRequestId(commandUrl, requestId), empty());
        assertThat(Recorded.byRequestId(projectorUrl, requestId), empty());
    }

    @Test
    void shortPathsAreRewrittenToTheOnlyLedgerOfTheToken() {
        UUID ledger = UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();
        String token = Tokens.forLedgers(List.of(ledger), ALL_SCOPES);

        given().auth().oauth2(token).header("x-request-id", requestId)
                .contentType("application/json").body("{}")
                .post("/v1/transactions")
                .then().statusCode(201).body("path", equalTo("/v1/ledgers/" + ledger + "/transactions"));
        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/accounts/cash?as_of=now")
                .then().statusCode(200).body("path", equalTo("/v1/ledgers/" + ledger + "/accounts/cash"))
                .body("query", equalTo("as_of=now"));
        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/webhook-endpoints")
                .then().statusCode(200).body("path", equalTo("/v1/ledgers/" + ledger + "/webhook-endpoints"));

        assertThat(Recorded.paths(commandUrl, requestId), contains("/v1/ledgers/" + ledger + "/transactions"));
        assertThat(Recorded.paths(projectorUrl, requestId), contains("/v1/ledgers/" + ledger + "/accounts/cash"));
        assertThat(Recorded.paths(webhookUrl, requestId), contains("/v1/ledgers/" + ledger + "/webhook-endpoints"));
    }

    @Test
    void shortPathsWithASeveralLedgerCredentialAreRefusedWithLedgerRequired() {
        String requestId = "req-" + UUID.randomUUID();

        given().auth().oauth2(Tokens.forLedgers(List.of(UUID.randomUUID(), UUID.randomUUID()), ALL_SCOPES))
                .header("x-request-id", requestId)
                .contentType("application/json").body("{}")
                .post("/v1/transactions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("LEDGER_REQUIRED"))
                .body("detail", containsString("/v1/ledgers/{ledger_id}"));

        assertNothingForwarded(requestId);
    }

    @Test
    void listingLedgersGoesToIamWithAnyValidToken() {
        String requestId = "req-" + UUID.randomUUID();

        given().auth().oauth2(Tokens.forLedgers(Set.of(Fakes.API_KEY_LEDGER)))
                .header("x-request-id", requestId)
                .get("/v1/ledgers")
                .then()
                .statusCode(200)
                .body("data[0].id", equalTo(Fakes.API_KEY_LEDGER.toString()));

        assertThat(Recorded.paths(iamUrl, requestId), contains("/v1/ledgers"));
    }

    @Test
    void everyAnswerCarriesItsRequestIdOnceRefusalsIncluded() {
        UUID ledger = UUID.randomUUID();
        String sent = "req-" + UUID.randomUUID();
        assertEquals(List.of(sent), given().header("x-request-id", sent)
                .get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(401)
                .extract().headers().getValues("x-request-id"));

        // a relayed answer says the id once, whether or not the service echoed it
        String relayed = "req-" + UUID.randomUUID();
        assertEquals(List.of(relayed), given().auth().oauth2(Tokens.forLedgers(List.of(ledger), ALL_SCOPES))
                .header("x-request-id", relayed).get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().extract().headers().getValues("x-request-id"));
        assertThat(Recorded.byRequestId(projectorUrl, relayed), hasSize(1));

        // an id that is no sane token is replaced by a new one
        String replaced = given().header("x-request-id", "two words").get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(401).extract().header("x-request-id");
        assertEquals(4, UUID.fromString(replaced).version());
    }

    @Test
    void downstreamStatusHeadersAndBodyPassThroughUnchanged() {
        UUID ledger = UUID.randomUUID();
        String token = Tokens.forLedgers(List.of(ledger), ALL_SCOPES);

        given().auth().oauth2(token)
                .header("Idempotency-Key", "replayed")
                .contentType("application/json").body("{}")
                .post("/v1/ledgers/{ledger}/transactions", ledger)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", not(emptyOrNullString()))
                .header("x-request-id", not(emptyOrNullString()));

        given().auth().oauth2(token)
                .get("/v1/ledgers/{ledger}/transactions/__conflict", ledger)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(equalTo("{\"type\":\"https://laas.dev/problems/idempotency-key-reused\",\"status\":409,"
                        + "\"code\":\"IDEMPOTENCY_KEY_REUSED\"}"));
    }

    @Test
    void unknownRoutesAre404ProblemJson() {
        String requestId = "req-" + UUID.randomUUID();
        String token = Tokens.forLedgers(List.of(UUID.randomUUID()), ALL_SCOPES);

        given().auth().oauth2(token).header("x-request-id", requestId)
                .get("/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
        given().header("x-request-id", requestId)
                .get("/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
        given().auth().oauth2(token).header("x-request-id", requestId)
                .post("/v1/ledgers")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));

        assertNothingForwarded(requestId);
    }

    @Test
    void dotSegmentsCannotEscapeTheAuthorisedLedger() {
        UUID mine = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();

        given().auth().oauth2(Tokens.forLedgers(List.of(mine), ALL_SCOPES)).header("x-request-id", requestId)
                .urlEncodingEnabled(false)
                .get("/v1/ledgers/" + mine + "/%2E%2E/" + other + "/accounts")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));

        assertNothingForwarded(requestId);
    }

    @Test
    void healthMetricsAndOpenApiAreServedOnTheManagementPortOnly() {
        management().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        management().get("/q/health/live").then().statusCode(200);
        management().get("/q/metrics").then().statusCode(200);
        management().get("/q/openapi").then().statusCode(200);

        String requestId = "req-" + UUID.randomUUID();
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi",
                "/q/dev-ui", "/q/anything")) {
            given().header("x-request-id", requestId).get(path)
                    .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
        }
        assertNothingForwarded(requestId);
    }

    @Test
    void requestMetricsAreTaggedByRouteTemplateNotByPath() {
        UUID ledger = UUID.randomUUID();
        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ))
                .get("/v1/ledgers/{ledger}/accounts/cash", ledger)
                .then().statusCode(200);
        given().get("/no-such-page-" + ledger).then().statusCode(404);

        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("uri=\"/v1/{path}\""));
        assertThat(metrics, not(containsString(ledger.toString())));
    }

    private void assertNothingForwarded(String requestId) {
        assertThat(Recorded.byRequestId(iamUrl, requestId), empty());
        assertThat(Recorded.byRequestId(commandUrl, requestId), empty());
        assertThat(Recorded.byRequestId(projectorUrl, requestId), empty());
        assertThat(Recorded.byRequestId(webhookUrl, requestId), empty());
    }
}
