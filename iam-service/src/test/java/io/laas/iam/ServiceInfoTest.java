package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.file.Path;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.BuildExpectations;
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
        given().header("Authorization", "Bearer not-a-token")
                .get("/_info")
                .then().statusCode(200)
                .contentType("application/json")
                .body("name", equalTo("iam-service"))
                .body("version", equalTo(config("quarkus.application.version")))
                .body("commit", equalTo(BuildExpectations.gitHead()))
                .body("build_time", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"))
                .body("schema_version", equalTo(BuildExpectations.latestMigration(Path.of("src/main/resources/db/migration"))));
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
