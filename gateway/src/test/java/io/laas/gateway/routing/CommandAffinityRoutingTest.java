package io.laas.gateway.routing;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.FakeService;
import io.laas.gateway.support.Recorded;
import io.laas.gateway.support.Tokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Through the whole gateway, with two command replicas in {@code laas.gateway.command-affinity.urls}: every write of
 * a ledger reaches the same replica, the ledgers spread over both, nothing goes to {@code command-url}, reads still
 * go to the projector, and the readiness details name the replicas.
 */
@QuarkusTest
@TestProfile(CommandAffinityRoutingTest.TwoCommandReplicas.class)
class CommandAffinityRoutingTest {

    @ConfigProperty(name = "laas.gateway.command-url")
    String commandUrl;

    @ConfigProperty(name = "laas.gateway.projector-url")
    String projectorUrl;

    @ConfigProperty(name = "laas.gateway.command-affinity.urls")
    List<String> replicas;

    @Test
    void everyWriteOfALedgerReachesOneReplicaAndTheLedgersSpreadOverBoth() {
        List<UUID> ledgers = IntStream.range(0, 16).mapToObj(i -> UUID.randomUUID()).toList();
        String token = Tokens.forLedgers(ledgers, Scopes.LEDGER_WRITE, Scopes.LEDGER_READ);
        Set<String> used = new HashSet<>();
        for (UUID ledger : ledgers) {
            List<String> requestIds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String requestId = "affinity-" + UUID.randomUUID();
                requestIds.add(requestId);
                given().auth().oauth2(token).header("x-request-id", requestId)
                        .contentType("application/json").body("{}")
                        .post("/v1/ledgers/{ledger}/transactions", ledger)
                        .then().statusCode(201);
            }
            Set<String> reached = new HashSet<>();
            for (String requestId : requestIds) {
                for (String replica : replicas) {
                    if (!Recorded.byRequestId(replica, requestId).isEmpty()) {
                        reached.add(replica);
                    }
                }
                assertThat(Recorded.byRequestId(commandUrl, requestId), empty());
            }
            assertEquals(1, reached.size(), "the writes of " + ledger + " reached " + reached);
            used.addAll(reached);
        }
        assertEquals(Set.copyOf(replicas), used, "both replicas got ledgers");

        String read = "affinity-read-" + UUID.randomUUID();
        given().auth().oauth2(token).header("x-request-id", read)
                .get("/v1/ledgers/{ledger}/accounts", ledgers.get(0)).then().statusCode(200);
        assertEquals(1, Recorded.byRequestId(projectorUrl, read).size(), "reads still go to the projector");
    }

    @Test
    void theReadinessDetailsNameTheReplicas() {
        management().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'command-replicas' }.data.source", equalTo("urls"))
                .body("checks.find { it.name == 'command-replicas' }.data.replicas",
                        equalTo(String.join(",", replicas.stream().sorted().toList())))
                .body("checks.name", hasItem("command-replicas"));
    }

    public static class TwoCommandReplicas implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Replicas.class));
        }
    }

    /** Two more fake command services, the gateway's command replicas. */
    public static class Replicas implements QuarkusTestResourceLifecycleManager {

        private final List<FakeService> replicas = new ArrayList<>();

        @Override
        public Map<String, String> start() {
            try {
                replicas.add(FakeService.downstream("command-a"));
                replicas.add(FakeService.downstream("command-b"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("laas.gateway.command-affinity.urls",
                    String.join(",", replicas.stream().map(FakeService::url).toList()));
        }

        @Override
        public void stop() {
            replicas.forEach(FakeService::stop);
        }
    }
}
