package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SSRF guard as local development configures it (private targets allowed) with a port allow-list: loopback
 * passes, cloud metadata never does, and a port outside the list is refused at creation and at delivery.
 */
@QuarkusTest
@TestProfile(TargetPolicyTest.PrivateTargetsAndPortAllowList.class)
class TargetPolicyTest {

    public static class PrivateTargetsAndPortAllowList implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laas.webhook.allow-private-targets", "true", "laas.webhook.allowed-ports", "80,443");
        }
    }

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void cloudMetadataIsRefusedEvenWithPrivateTargetsAllowed() {
        UUID ledger = UUID.randomUUID();
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://169.254.170.2/v2/credentials",
                "http://168.63.129.16/", "http://100.100.100.200/latest/meta-data/", "http://[fd00:ec2::254]/",
                "http://[fe80::1]/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/")) {
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON).body(Map.of("url", url))
                    .post(EndpointResourceTest.path(ledger))
                    .then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("code", equalTo("WEBHOOK_URL_NOT_ALLOWED"))
                    .body("detail", equalTo("The webhook URL is not allowed."));
        }
        assertEquals(0L, endpointCount(ledger));
        // What local development needs still passes.
        given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON).body(Map.of("url", "http://127.0.0.1/hook"))
                .post(EndpointResourceTest.path(ledger))
                .then().statusCode(201);
        assertEquals(1L, endpointCount(ledger));
    }

    @Test
    void aPortOutsideTheAllowListIsRefusedAtCreationAndAtDelivery() {
        UUID ledger = UUID.randomUUID();
        for (String url : List.of("http://127.0.0.1:8080/hook", "https://93.184.215.14:8443/hook")) {
            given().auth().oauth2(writer(ledger)).contentType(ContentType.JSON).body(Map.of("url", url))
                    .post(EndpointResourceTest.path(ledger))
                    .then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("code", equalTo("WEBHOOK_URL_NOT_ALLOWED"))
                    .body("detail", equalTo("The webhook URL is not allowed: port " + url.split(":")[2].split("/")[0]
                            + " is not allowed (allowed: 80, 443)."));
        }
        assertEquals(0L, endpointCount(ledger));

        // An endpoint stored before the allow-list (on the receiver's port) is refused at every attempt.
        UUID endpointId = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            pool.preparedQuery("INSERT INTO endpoints (id, ledger_id, url, secret) VALUES ($1, $2, $3, $4)")
                    .execute(Tuple.of(endpointId, ledger, receiver.url("/ports"),
                            "whsec_" + Base64.getEncoder().encodeToString(new byte[32])))
                    .await().indefinitely();
            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));

            await().atMost(Duration.ofSeconds(30)).until(() -> attemptCount(endpointId) >= 1);
            int port = Integer.parseInt(receiver.url("/ports").split(":")[2].split("/")[0]);
            given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_READ))
                    .get(EndpointResourceTest.path(ledger) + "/" + endpointId + "/attempts")
                    .then().statusCode(200)
                    .body("data[0].message_id", equalTo(eventId.toString()))
                    .body("data[0].response_status", nullValue())
                    .body("data[0].error", equalTo("target not allowed: port " + port + " is not allowed (allowed: 80, 443)"));
            assertEquals(List.of(), receiver.requests());
        }
    }

    private static String writer(UUID ledger) {
        return TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE);
    }

    private long endpointCount(UUID ledger) {
        return pool.preparedQuery("SELECT count(*) AS n FROM endpoints WHERE ledger_id = $1")
                .execute(Tuple.of(ledger)).await().indefinitely().iterator().next().getLong("n");
    }

    private long attemptCount(UUID endpointId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM attempts WHERE endpoint_id = $1")
                .execute(Tuple.of(endpointId)).await().indefinitely().iterator().next().getLong("n");
    }
}
