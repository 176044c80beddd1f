package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.BuildExpectations;
import io.laas.local.testing.DatabaseOutage;
import io.laas.local.testing.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** {@code GET /_info}: this build's version and commit, and the latest migration applied to the service's schema. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class ServiceInfoTest {

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void infoNamesTheBuildAndTheLatestMigrationWithoutACredential() {
        BuildExpectations.assertServiceInfo("webhook-service");
    }

    @Test
    void infoDuringADatabaseOutageIs503AndRecovers() {
        try (DatabaseOutage outage = DatabaseOutage.begin(config("laas.db.host"),
                Integer.parseInt(config("laas.db.port")), config("laas.db.name"), config("laas.db.username"),
                config("laas.db.batch-username"))) {
            given().get("/_info")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("code", equalTo("SCHEMA_VERSION_UNAVAILABLE"));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/_info").then().statusCode(200)
                .body("schema_version", equalTo(BuildExpectations.latestMigration(BuildExpectations.MIGRATIONS))));
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
