package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.LocalStack;
import io.laas.local.testing.BuildExpectations;
import io.restassured.path.json.JsonPath;

/**
 * Version and health on the running stack: {@code GET /v1/_info} through the gateway names the five processes,
 * each built from the commit checked out here and each schema at its newest migration; every service answers
 * its own {@code GET /_info} on its port, unauthenticated.
 */
class InfoIT {

    /** The label {@code GET /v1/_info} gives each service, and the folder it is built in. */
    private static final Map<String, String> SERVICES = Map.of("iam", "iam-service", "command", "ledger-command-service",
            "projector", "projector-service", "webhook", "webhook-service");

    @BeforeAll
    static void start() {
        RunningStack.get();
    }

    @Test
    void theGatewayListsEveryServiceWithTheCommitCheckedOutAndItsNewestMigration() {
        String head = BuildExpectations.gitHead();
        JsonPath platform = given().get("/v1/_info").then().statusCode(200)
                .body("status", equalTo("up"))
                .body("services.size()", equalTo(5))
                .body("services.gateway.info.name", equalTo("gateway"))
                .body("services.gateway.info.commit", equalTo(head))
                .body("services.gateway.info", hasKey("schema_version"))
                .body("services.gateway.info.schema_version", nullValue())
                .extract().jsonPath();
        String version = platform.getString("services.gateway.info.version");
        SERVICES.forEach((label, module) -> {
            String prefix = "services." + label + ".";
            given().get("/v1/_info").then().statusCode(200)
                    .body(prefix + "status", equalTo("up"))
                    .body(prefix + "info.name", equalTo(module))
                    .body(prefix + "info.version", equalTo(version))
                    .body(prefix + "info.commit", equalTo(head))
                    .body(prefix + "info.schema_version", equalTo(BuildExpectations.latestMigration(
                            repository().resolve(module).resolve("src/main/resources/db/migration"))));
        });
    }

    @Test
    void theLedgersAndTheAuthorisationServersInfoAreRelayed() {
        given().get("/api/ledger/_info").then().statusCode(200).body("name", equalTo("ledger-command-service"));
        given().get("/api/auth/_info").then().statusCode(200).body("name", equalTo("iam-service"));
        given().get("/_info").then().statusCode(200).body("name", equalTo("gateway"));
    }

    @Test
    void everyServiceAnswersItsOwnInfoOnItsPortWithoutACredential() {
        for (String name : LocalStack.SERVICES) {
            given().baseUri(RunningStack.get().service(name).url()).get("/_info").then().statusCode(200)
                    .contentType("application/json")
                    .body("name", equalTo(name))
                    .body("commit", equalTo(BuildExpectations.gitHead()));
        }
    }

    @Test
    void theGatewaysReadinessListsEveryServiceUp() {
        given().baseUri(RunningStack.get().service("gateway").managementUrl()).get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'upstreams' }.data.iam", equalTo("up"))
                .body("checks.find { it.name == 'upstreams' }.data.command", equalTo("up"))
                .body("checks.find { it.name == 'upstreams' }.data.projector", equalTo("up"))
                .body("checks.find { it.name == 'upstreams' }.data.webhook", equalTo("up"));
    }

    private static Path repository() {
        return RepositoryRoot.path();
    }
}
