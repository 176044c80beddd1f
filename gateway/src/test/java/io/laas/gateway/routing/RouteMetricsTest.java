package io.laas.gateway.routing;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Tokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** {@code http_server_requests_seconds} of the API: one series per endpoint template, with histogram buckets. */
@QuarkusTest
class RouteMetricsTest {

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void requestsAreCountedUnderTheirEndpointTemplateWithBuckets() {
        UUID ledger = UUID.randomUUID();
        String token = Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ);
        String accounts = "uri=\"/v1/ledgers/{ledger_id}/accounts/{code}\"";
        double before = sum("http_server_requests_seconds_count", "method=\"GET\"", accounts, "status=\"200\"");
        double slowBefore = sum("http_server_requests_seconds_bucket", "method=\"GET\"", accounts, "status=\"200\"",
                "le=\"10.0\"");
        double shortBefore = sum("http_server_requests_seconds_count", "uri=\"/v1/accounts/{code}\"", "status=\"200\"");

        given().auth().oauth2(token).get("/v1/ledgers/{ledger}/accounts/cash", ledger).then().statusCode(200);
        given().auth().oauth2(token).get("/v1/accounts/cash").then().statusCode(200);

        // the server records a request when its response has ended, a moment after the client has it
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(before + 1,
                sum("http_server_requests_seconds_count", "method=\"GET\"", accounts, "status=\"200\""), requests()));
        assertEquals(slowBefore + 1, sum("http_server_requests_seconds_bucket", "method=\"GET\"", accounts,
                "status=\"200\"", "le=\"10.0\""), "a histogram, so that Prometheus computes quantiles over replicas");
        assertEquals(shortBefore + 1, sum("http_server_requests_seconds_count", "uri=\"/v1/accounts/{code}\"",
                "status=\"200\""), "the short form is an endpoint of its own");
        assertFalse(metrics().contains(ledger.toString()), "no id becomes a tag");
    }

    @Test
    void aPathThatIsNoEndpointIsCountedUnderOneTemplate() {
        String unknown = "/v1/nothing-" + UUID.randomUUID();
        double before = sum("http_server_requests_seconds_count", "uri=\"" + RouteTemplates.UNMATCHED + "\"");
        given().auth().oauth2(Tokens.forLedgers(List.of(UUID.randomUUID()), Scopes.LEDGER_READ)).get(unknown)
                .then().statusCode(404);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(before + 1,
                sum("http_server_requests_seconds_count", "uri=\"" + RouteTemplates.UNMATCHED + "\""), requests()));
        assertFalse(metrics().contains(unknown));
    }

    /** The request counts, to tell what was counted when an assertion fails. */
    private static String requests() {
        return String.join("\n", metrics().lines().filter(line -> line.startsWith("http_server_requests_seconds_count"))
                .toList());
    }

    private static String metrics() {
        return management().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of the series of {@code name} whose labels contain all of {@code labels} (a template's braces too). */
    private static double sum(String name, String... labels) {
        Matcher series = Pattern.compile("^" + Pattern.quote(name) + "\\{(.*)} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics());
        double sum = 0;
        while (series.find()) {
            String found = series.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                sum += Double.parseDouble(series.group(2));
            }
        }
        return sum;
    }
}
