package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.LocalStack;
import io.laas.local.ServiceProcess;

/**
 * Every metric name the Grafana dashboard and the Prometheus alert rules of deploy/observability use
 * (referenced-metrics.txt, which their validation checks against their parsed PromQL) is exposed on the management
 * port of the running services once they have served some traffic: a panel or an alert on a name nobody exposes
 * would show nothing, or never fire.
 */
class MetricsCatalogueIT {

    /** Series Prometheus makes itself, for each target it scrapes. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");
    private static final Path CATALOGUE = RepositoryRoot.path().resolve("deploy/observability/referenced-metrics.txt");

    @BeforeAll
    static void start() {
        RunningStack.get();
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsExposedAfterSomeTraffic() throws IOException {
        String token = RunningStack.demoToken();
        UUID ledger = RunningStack.SANDBOX;
        String cash = LedgerApi.newCode("cash");
        String revenue = LedgerApi.newCode("revenue");
        LedgerApi.createAccount(token, ledger, cash, "asset");
        LedgerApi.createAccount(token, ledger, revenue, "revenue");
        String key = "metrics-" + UUID.randomUUID();
        LedgerApi.post(token, ledger, LedgerApi.transfer(key, cash, revenue, "1.00")).then().statusCode(201);
        LedgerApi.post(token, ledger, LedgerApi.transfer(key, cash, revenue, "1.00")).then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        Map<String, Object> unbalanced = new HashMap<>(LedgerApi.transfer("metrics-bad-" + UUID.randomUUID(), cash,
                revenue, "1.00"));
        unbalanced.put("postings", List.of(
                Map.of("account_code", cash, "direction", "debit", "amount", "2.00"),
                Map.of("account_code", revenue, "direction", "credit", "amount", "1.00")));
        LedgerApi.post(token, ledger, unbalanced).then().statusCode(422);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> LedgerApi.account(token, ledger, cash).statusCode() == 200);
        given().baseUri(RunningStack.gateway()).auth().oauth2("not-a-token").get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(401);

        List<String> names = Files.readAllLines(CATALOGUE).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertTrue(names.size() > 40, "the catalogue lists the dashboard's and the rules' metrics");

        // gauges refreshed on a timer and consumer metrics appear within seconds of the traffic
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Set<String> exposed = exposedNames();
            Set<String> missing = new TreeSet<>();
            for (String name : names) {
                if (!MADE_BY_PROMETHEUS.contains(name) && !exposed.contains(name)) {
                    missing.add(name);
                }
            }
            assertEquals(Set.of(), missing, "named by the dashboard or the alert rules, exposed by no service");
        });
    }

    @Test
    void theGatewayCountsApiRequestsByEndpointTemplateNeverByPath() throws Exception {
        String token = RunningStack.demoToken();
        String code = "missing-" + UUID.randomUUID();
        LedgerApi.account(token, RunningStack.SANDBOX, code).then().statusCode(404);

        ServiceProcess gateway = RunningStack.get().service("gateway");
        String metrics = StackHttp.management(gateway, "/q/metrics");
        assertFalse(metrics.contains(code), "a path never becomes a tag");
        assertFalse(metrics.contains(RunningStack.SANDBOX.toString()), "an id never becomes a tag");
        assertTrue(StackHttp.metric(gateway, "http_server_requests_seconds_count",
                "uri=\"/v1/ledgers/{ledger_id}/accounts/{code}\"") >= 1, "counted under its endpoint's template");
    }

    /** The metric names of every sample line of the five services' /q/metrics. */
    private static Set<String> exposedNames() throws IOException, InterruptedException {
        Set<String> exposed = new TreeSet<>();
        for (String service : LocalStack.SERVICES) {
            for (String line : StackHttp.management(RunningStack.get().service(service), "/q/metrics").split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    int end = line.indexOf('{');
                    exposed.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
                }
            }
        }
        return exposed;
    }
}
