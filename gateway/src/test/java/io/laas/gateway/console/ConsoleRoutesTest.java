package io.laas.gateway.console;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Fakes;
import io.laas.gateway.support.Recorded;
import io.laas.gateway.support.Tokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The console as the gateway serves it (the build puts console/dist in its resources): the app at {@code /} and at
 * every deep link, its hashed assets cached for good and its page revalidated, while the API's paths keep
 * their routes and their problem+json answers.
 */
@QuarkusTest
@QuarkusTestResource(Fakes.class)
class ConsoleRoutesTest {

    /** What Chromium sends when it loads a page. */
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");

    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void consoleBuiltIn() {
        assumeTrue(Thread.currentThread().getContextClassLoader().getResource("META-INF/resources/index.html") != null,
                "the gateway was built without the console (-Dconsole.skip)");
    }

    @Test
    void theConsoleIsServedAtTheRootAndRevalidatedOnEveryLoad() {
        given().get("/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Cache-Control", equalTo("no-cache"))
                .body(containsString("<div id=\"root\"></div>"), containsString("<title>LaaS console</title>"));
    }

    @Test
    void aDeepLinkLoadsTheConsolesPage() {
        String index = given().get("/").then().statusCode(200).extract().asString();
        for (String path : List.of("/ledgers", "/ledgers/sandbox/accounts", "/sign-in")) {
            given().accept(BROWSER).get(path).then().statusCode(200)
                    .contentType(startsWith("text/html"))
                    .header("Cache-Control", equalTo("no-cache"))
                    .body(equalTo(index));
        }
        given().accept(BROWSER).head("/ledgers").then().statusCode(200);
    }

    @Test
    void aProgramAskingForAPathThatDoesNotExistGetsAProblem() {
        for (String accept : List.of("*/*", "application/json")) {
            given().accept(accept).get("/ledgers").then().statusCode(404)
                    .contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("NOT_FOUND"));
        }
    }

    @Test
    void deepLinksDoNotMultiplyTheRequestMetrics() {
        String page = "/ledgers/" + UUID.randomUUID();
        given().accept(BROWSER).get(page).then().statusCode(200);

        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, not(containsString(page)));
        assertThat(metrics, containsString("uri=\"/{page}\""));
    }

    @Test
    void hashedAssetsAreCachedForAYearWithoutRevalidation() {
        String index = given().get("/").then().statusCode(200).extract().asString();
        Matcher script = SCRIPT.matcher(index);
        assertThat("index.html names its script", script.find(), equalTo(true));

        given().get(script.group(1)).then().statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", equalTo("public, max-age=31536000, immutable"));
    }

    @Test
    void aMissingAssetIsNotFoundRatherThanThePage() {
        given().accept(BROWSER).get("/assets/index-missing.js").then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .header("Cache-Control", not(equalTo("public, max-age=31536000, immutable")))
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void theApiIsStillRefusedWithoutCredentialsAndProxiedWithThem() {
        given().get("/v1/ledgers").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));

        UUID ledger = UUID.randomUUID();
        String requestId = "console-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ))
                .header("x-request-id", requestId)
                .get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(200)
                .body("service", equalTo("projector"))
                .header("Cache-Control", nullValue());
        assertThat(Recorded.byRequestId(projectorUrl, requestId), hasSize(1));
    }

    @Test
    void unknownPathsUnderTheApisPrefixesKeepTheirProblemAnswer() {
        for (String path : List.of("/oauth/token", "/oauth/nothing", "/api/auth/nothing", "/docs/nothing", "/openapi.json/x")) {
            given().accept(BROWSER).get(path).then().statusCode(404)
                    .contentType(startsWith("application/problem+json"));
        }
    }

    @Test
    void onlyReadsAreAnsweredWithThePage() {
        given().accept(BROWSER).contentType("application/json").body("{}").post("/ledgers").then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("NOT_FOUND"));
    }
}
