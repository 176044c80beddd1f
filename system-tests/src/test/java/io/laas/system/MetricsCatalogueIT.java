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
import io.laas.local.testing.ReactivePools;

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
    /**
     * The reactive pools of each service by their pool_name (application.properties, docs/operations.md): the
     * default datasource's, for requests on a tenant's behalf, and the batch datasource's, for cross-ledger work.
     */
    private static final Map<String, Set<String>> POOLS = Map.of(
            "gateway", Set.of(),
            "iam-service", Set.of("iam-requests", "iam-batch"),
            "ledger-command-service", Set.of("command-requests", "command-batch"),
            "projector-service", Set.of("projector-requests", "projector-batch"),
            "webhook-service", Set.of("webhook-requests", "webhook-batch"));
    /** The projector's pool of a rebuild's copy: there once a rebuild ran in the process. */
    private static final String REBUILD_POOL = "projector-rebuild";

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

    @Test
    void eachReactivePoolIsASeriesOfItsOwnNamedAfterItsServiceAndItsUse() {
        assertEquals(new TreeSet<>(LocalStack.SERVICES), new TreeSet<>(POOLS.keySet()), "every service is listed");
        // the pools open when the readiness checks first use them
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (String service : LocalStack.SERVICES) {
                Map<String, Set<String>> names = ReactivePools.namesByMetric(
                        StackHttp.management(RunningStack.get().service(service), "/q/metrics"));
                for (String metric : ReactivePools.METRICS) {
                    Set<String> pools = new TreeSet<>(names.get(metric));
                    pools.remove(REBUILD_POOL);
                    assertEquals(POOLS.get(service), pools, service + ": the pool_name of " + metric);
                }
            }
        });
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
