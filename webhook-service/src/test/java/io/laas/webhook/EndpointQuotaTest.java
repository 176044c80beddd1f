package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Webhook endpoints per organisation: the token's override of the quota, counted across ledgers and races. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class EndpointQuotaTest {

    private static final String PUBLIC_URL = "https://93.184.215.14/hooks/laas";

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String token(UUID org, int quota, UUID... ledgers) {
        return TestTokens.builder().orgId(org).ledgers(ledgers).scopes(Scopes.WEBHOOKS_WRITE)
                .claim("limits", Map.of("webhook_endpoints", quota)).build();
    }

    private static io.restassured.response.Response register(String token, UUID ledger) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", PUBLIC_URL))
                .post("/v1/ledgers/" + ledger + "/webhook-endpoints");
    }

    private long endpointsOf(UUID org) {
        return pool.preparedQuery("SELECT count(*) FROM endpoints WHERE org_id = $1").execute(Tuple.of(org))
                .await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void anOrganisationOverItsQuotaAcrossItsLedgersIsRefusedAndNothingIsWritten() {
        UUID org = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String token = token(org, 2, first, second);

        register(token, first).then().statusCode(201);
        register(token, second).then().statusCode(201);
        register(token, first).then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("QUOTA_EXCEEDED"))
                .body("quota", equalTo("webhook_endpoints"))
                .body("limit", equalTo(2))
                .body("current", equalTo(2));
        assertEquals(2, endpointsOf(org));

        // another organisation is counted on its own; a raised override lets the first register again
        register(token(UUID.randomUUID(), 1, first), first).then().statusCode(201);
        register(token(org, 3, first), first).then().statusCode(201);
        assertEquals(3, endpointsOf(org));
    }

    @Test
    void concurrentRegistrationsAtTheLimitLetExactlyOneThrough() throws Exception {
        UUID org = UUID.randomUUID();
        UUID ledger = UUID.randomUUID();
        String token = token(org, 1, ledger);
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(threads.submit(() -> register(token, ledger).statusCode()));
            }
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answers.add(status.get());
            }
            assertEquals(1, answers.stream().filter(s -> s == 201).count(), "answers: " + answers);
            assertEquals(4, answers.stream().filter(s -> s == 409).count(), "answers: " + answers);
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, endpointsOf(org));
    }
}
