package io.laas.gateway.docs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Fakes;
import io.laas.gateway.support.Recorded;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The public OpenAPI document and its Redoc page, served by the gateway itself without a token. */
@QuarkusTest
@QuarkusTestResource(Fakes.class)
class ApiDocsTest {

    @ConfigProperty(name = "laas.gateway.iam-url")
    String iamUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void thePublicDocumentIsServedWithoutAToken() {
        String requestId = "req-" + UUID.randomUUID();
        given().header("x-request-id", requestId).get("/openapi.json")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("openapi", startsWith("3."))
                .body("info.title", equalTo("LaaS API"))
                .body("servers", not(empty()))
                .body("paths.'/v1/ledgers/{ledger_id}/transactions'.post.operationId", notNullValue())
                .body("paths.'/oauth/token'.post", notNullValue())
                .body("components.securitySchemes.oauth2.type", equalTo("oauth2"));
        assertThat(Recorded.byRequestId(iamUrl, requestId), empty());
    }

    @Test
    void theDocsPageIsServedByTheGatewayWithoutExternalResources() {
        String page = given().get("/docs").then().statusCode(200).contentType(startsWith("text/html"))
                .extract().asString();
        given().get("/docs/").then().statusCode(200).body(equalTo(page));
        assertThat(page, containsString("spec-url=\"/openapi.json\""));
        assertThat(page, containsString("src=\"/docs/redoc.standalone.js\""));
        assertThat(page, not(containsString("http://")));
        assertThat(page, not(containsString("https://")));
        assertThat(page, not(containsString("//cdn")));
        given().get("/docs/redoc.standalone.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("Redoc"));
    }
}
