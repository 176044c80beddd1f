package io.laas.ledger;

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
        BuildExpectations.assertServiceInfo("ledger-command-service");
    }
}
