package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

class SecurityIT {

    private static final UUID SANDBOX = RunningStack.SANDBOX;

    @BeforeAll
    static void stack() {
        RunningStack.get();
    }

    @Test
    void aRequestWithoutATokenIsUnauthorized() {
        given().contentType(ContentType.JSON).body(LedgerApi.transfer("k", "cash", "revenue", "1.00"))
                .post("/v1/ledgers/{ledger}/transactions", SANDBOX)
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        given().get("/v1/ledgers/{ledger}/accounts", SANDBOX).then().statusCode(401);
        given().auth().oauth2("sk_test_not-a-real-key-00000000000000000").get("/v1/accounts").then().statusCode(401);
        given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl").get("/v1/accounts").then().statusCode(401);
    }

    @Test
    void aReadOnlyTokenMayReadButNotPost() {
        String readOnly = RunningStack.token("demo-client", "demo-secret", "ledger:read");
        given().auth().oauth2(readOnly).get("/v1/ledgers/{ledger}/accounts", SANDBOX).then().statusCode(200);
        given().auth().oauth2(readOnly).contentType(ContentType.JSON)
                .body(LedgerApi.transfer(UUID.randomUUID().toString(), "cash", "revenue", "1.00"))
                .post("/v1/ledgers/{ledger}/transactions", SANDBOX)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(readOnly).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/hook"))
                .post("/v1/ledgers/{ledger}/webhook-endpoints", SANDBOX)
                .then().statusCode(403);
    }

    @Test
    void anotherLedgersCredentialGetsNotFound() {
        String other = RunningStack.otherToken();
        given().auth().oauth2(other).get("/v1/ledgers/{ledger}/accounts", SANDBOX)
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(other).contentType(ContentType.JSON)
                .body(LedgerApi.transfer(UUID.randomUUID().toString(), "cash", "revenue", "1.00"))
                .post("/v1/ledgers/{ledger}/transactions", SANDBOX)
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(other).get("/v1/ledgers/{ledger}/webhook-endpoints", SANDBOX)
                .then().statusCode(404);
        // and the sandbox credential cannot see the other ledger either
        given().auth().oauth2(RunningStack.API_KEY).get("/v1/ledgers/{ledger}/accounts", RunningStack.OTHER_LEDGER)
                .then().statusCode(404);
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        given().auth().oauth2(RunningStack.demoToken()).contentType(ContentType.JSON)
                .body("{\"postings\": [ this is not json")
                .post("/v1/ledgers/{ledger}/transactions", SANDBOX)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("code", equalTo("MALFORMED_REQUEST"));
    }

    /** No trusted internal network: every service checks the token itself, whoever calls it. */
    @Test
    void everyServiceRejectsACallThatBypassesTheGatewayWithoutAValidToken() {
        String forged = "eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJ4In0.c2ln";
        Map<String, String> readPaths = Map.of(
                "iam-service", "/v1/ledgers",
                "projector-service", "/v1/ledgers/" + SANDBOX + "/accounts",
                "webhook-service", "/v1/ledgers/" + SANDBOX + "/webhook-endpoints");
        readPaths.forEach((service, path) -> {
            String url = RunningStack.get().service(service).url();
            given().baseUri(url).get(path).then().statusCode(401);
            given().baseUri(url).auth().oauth2(forged).get(path).then().statusCode(401);
        });
        String command = RunningStack.get().service("ledger-command-service").url();
        for (String token : new String[] { null, forged }) {
            var request = given().baseUri(command).contentType(ContentType.JSON)
                    .body(LedgerApi.transfer(UUID.randomUUID().toString(), "cash", "revenue", "1.00"));
            if (token != null) {
                request = request.auth().oauth2(token);
            }
            request.post("/v1/ledgers/{ledger}/transactions", SANDBOX).then().statusCode(401);
        }
    }
}
