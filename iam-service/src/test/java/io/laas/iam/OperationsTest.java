package io.laas.iam;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

@QuarkusTest
class OperationsTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void reactiveClientWorksInTheIamSchema() {
        String schema = pool.query("SELECT current_schema()").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
        assertEquals("iam", schema);
        long demoLedgers = pool.query("SELECT count(*) FROM iam.ledgers WHERE code = 'sandbox'").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertEquals(1, demoLedgers);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        // the public port's requests are measured (the management interface's are not)
        given().get("/v1/ledgers").then().statusCode(401);
        management().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        management().get("/q/openapi").then().statusCode(200)
                .body(containsString("/oauth/token"))
                .body(containsString("/v1/ledgers"));
    }

    @Test
    void thePublicPortServesNoneOfThem() {
        for (String path : new String[] { "/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi" }) {
            given().get(path).then().statusCode(404);
        }
    }
}
