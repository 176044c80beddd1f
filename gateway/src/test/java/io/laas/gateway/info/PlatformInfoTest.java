package io.laas.gateway.info;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.FakeService;
import io.laas.gateway.support.FakeService.InfoState;
import io.laas.gateway.support.Fakes;
import io.laas.local.testing.BuildExpectations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * {@code GET /v1/_info} and the relayed {@code _info} routes against stand-ins whose {@code /_info} answers, fails,
 * drops the connection or hangs; and the upstreams in the readiness details, which stay UP with a service down.
 * The info timeout is 1 s in tests; a slow stand-in answers after 3 s.
 */
@QuarkusTest
@QuarkusTestResource(Fakes.class)
class PlatformInfoTest {

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

    @AfterEach
    void everyServiceUpAgain() {
        for (String url : new String[] { iamUrl, commandUrl, projectorUrl, webhookUrl }) {
            state(url, InfoState.UP);
        }
    }

    @Test
    void theAggregateIs200AndSaysWhichServiceIsDownAndWhy() {
        state(iamUrl, InfoState.UNAVAILABLE);
        state(projectorUrl, InfoState.DROPPED);
        state(webhookUrl, InfoState.SLOW);

        long start = System.nanoTime();
        Response answer = given().get("/v1/_info");
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        answer.then().statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("degraded"))
                .body("services.gateway.status", equalTo("up"))
                .body("services.gateway.info.name", equalTo("gateway"))
                .body("services.command.status", equalTo("up"))
                .body("services.command.info.name", equalTo("command"))
                .body("services.command.info.version", equalTo(FakeService.INFO_VERSION))
                .body("services.command.info.schema_version", equalTo("7"))
                .body("services.command.latency_ms", greaterThanOrEqualTo(0))
                .body("services.iam.status", equalTo("down"))
                .body("services.iam.error", equalTo("SCHEMA_VERSION_UNAVAILABLE"))
                .body("services.iam.http_status", equalTo(503))
                .body("services.projector.status", equalTo("down"))
                .body("services.projector.error", equalTo("UPSTREAM_UNAVAILABLE"))
                .body("services.projector", hasKey("latency_ms"))
                .body("services.webhook.status", equalTo("down"))
                .body("services.webhook.error", equalTo("UPSTREAM_TIMEOUT"))
                .body("services.webhook.latency_ms", greaterThanOrEqualTo(900))
                .body("services.webhook.latency_ms", lessThan(2500));
        // the four were asked at once, and the slow one was not waited for
        assertTrue(tookMs < 2500, "GET /v1/_info took " + tookMs + " ms");
    }

    @Test
    void everyServiceUpIsUp() {
        given().get("/v1/_info").then().statusCode(200)
                .body("status", equalTo("up"))
                .body("services.size()", equalTo(5))
                .body("services.iam.info.name", equalTo("iam"))
                .body("services.projector.info.name", equalTo("projector"))
                .body("services.webhook.info.name", equalTo("webhook"));
    }

    @Test
    void theGatewaysOwnInfoNamesItsBuildAndHasNoSchema() {
        for (String path : new String[] { "/_info", "/v1/_info" }) {
            String prefix = path.equals("/_info") ? "" : "services.gateway.info.";
            given().get(path).then().statusCode(200)
                    .body(prefix + "name", equalTo("gateway"))
                    .body(prefix + "version", equalTo(ConfigProvider.getConfig()
                            .getValue("quarkus.application.version", String.class)))
                    .body(prefix + "commit", equalTo(BuildExpectations.gitHead()))
                    .body(prefix + "build_time", org.hamcrest.Matchers.matchesPattern(
                            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"))
                    .body(prefix.isEmpty() ? "$" : "services.gateway.info", hasKey("schema_version"))
                    .body(prefix + "schema_version", nullValue());
        }
    }

    @Test
    void infoNeedsNoCredentialAndAnInvalidOneIsIgnored() {
        given().auth().oauth2("not-a-token").get("/v1/_info").then().statusCode(200);
        given().auth().oauth2("not-a-token").get("/api/ledger/_info").then().statusCode(200);
        // only GET is public: anything else on /v1 is the API's
        given().post("/v1/_info").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void theLedgersAndTheAuthorisationServersInfoAreRelayedAsTheyAre() {
        given().get("/api/ledger/_info").then().statusCode(200)
                .body("name", equalTo("command"))
                .body("version", equalTo(FakeService.INFO_VERSION));
        given().get("/api/auth/_info").then().statusCode(200).body("name", equalTo("iam"));

        state(iamUrl, InfoState.UNAVAILABLE);
        given().get("/api/auth/_info").then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("SCHEMA_VERSION_UNAVAILABLE"));
        state(commandUrl, InfoState.DROPPED);
        given().get("/api/ledger/_info").then().statusCode(502)
                .contentType("application/problem+json")
                .body("code", equalTo("UPSTREAM_UNAVAILABLE"))
                .body("upstream", equalTo("command"));
        state(commandUrl, InfoState.SLOW);
        given().get("/api/ledger/_info").then().statusCode(504)
                .contentType("application/problem+json")
                .body("code", equalTo("UPSTREAM_TIMEOUT"));
    }

    @Test
    void readinessListsEachUpstreamAndStaysUpWhenOneIsDown() {
        management().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'upstreams' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'upstreams' }.data.projector", equalTo("up"))
                .body("checks.find { it.name == 'upstreams' }.data.projector_latency_ms", greaterThanOrEqualTo(0));

        state(projectorUrl, InfoState.DROPPED);
        state(webhookUrl, InfoState.SLOW);
        management().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'upstreams' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'upstreams' }.data.projector", equalTo("down"))
                .body("checks.find { it.name == 'upstreams' }.data.projector_error", equalTo("UPSTREAM_UNAVAILABLE"))
                .body("checks.find { it.name == 'upstreams' }.data.webhook", equalTo("down"))
                .body("checks.find { it.name == 'upstreams' }.data.webhook_error", equalTo("UPSTREAM_TIMEOUT"))
                .body("checks.find { it.name == 'upstreams' }.data.command", equalTo("up"))
                .body("checks.find { it.name == 'upstreams' }.data.iam", equalTo("up"))
                // the check that was there before keeps its place and its meaning
                .body("checks.find { it.name == 'command-replicas' }.status", equalTo("UP"));
    }

    private static void state(String serviceUrl, InfoState state) {
        given().baseUri(serviceUrl).post(FakeService.INFO_STATE_PATH + "?state=" + state).then().statusCode(204);
    }
}
