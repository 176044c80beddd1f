package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.laas.local.LocalStack;
import io.laas.local.ServiceProcess;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The platform's operator API is reachable through the gateway with ops:admin, which only the operator's client holds. */
class OperationsIT {

    @BeforeAll
    static void start() {
        RunningStack.get();
    }

    @Test
    void theOperatorListsTheProjectorsFailedEventsThroughTheGateway() {
        String token = RunningStack.token("ops-client", "ops-secret", null);

        given().auth().oauth2(token).get("/v1/ops/projector/failed-events")
                .then().statusCode(200).body("data", notNullValue());
    }

    @Test
    void aTenantCannotHoldOrUseOpsAdmin() {
        given().auth().preemptive().basic("demo-client", "demo-secret")
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").formParam("scope", "ops:admin")
                .post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_scope"));
        given().auth().oauth2(RunningStack.demoToken()).get("/v1/ops/projector/failed-events")
                .then().statusCode(403).contentType("application/problem+json")
                .body("required_scope", equalTo("ops:admin"));
    }

    /** Health, metrics and each service's own document are on its management port, never on its public one. */
    @Test
    void everyServiceServesHealthMetricsAndOpenApiOnItsManagementPortOnly() {
        for (String name : LocalStack.SERVICES) {
            ServiceProcess service = RunningStack.get().service(name);
            for (String path : new String[] { "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi" }) {
                given().baseUri(service.managementUrl()).get(path).then().statusCode(200);
                given().baseUri(service.url()).get(path).then().statusCode(404);
            }
        }
        given().get("/q/metrics").then().statusCode(404).contentType("application/problem+json");
    }

    /** The public API's one document and its page, as a new user finds them on the gateway, without a token. */
    @Test
    void theGatewayServesThePublicApiDocumentAndItsPage() {
        given().get("/openapi.json").then().statusCode(200)
                .body("info.title", equalTo("LaaS API"))
                .body("paths.'/v1/projects/{project_id}/api-keys'.post.operationId", notNullValue())
                .body("paths.'/v1/ledgers/{ledger_id}/transactions'.post.security[0].oauth2[0]", equalTo("ledger:write"));
        given().get("/docs").then().statusCode(200).contentType(startsWith("text/html"));
        given().get("/docs/redoc.standalone.js").then().statusCode(200);
    }
}
