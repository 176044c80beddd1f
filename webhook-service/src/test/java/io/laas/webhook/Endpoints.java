package io.laas.webhook;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.laas.local.testing.TestTokens;
import io.laas.web.security.Scopes;
import io.restassured.http.ContentType;

/** Registers webhook endpoints through the API, as a tenant would. */
final class Endpoints {

    private Endpoints() {
    }

    /** Creates an endpoint of {@code ledger} for every event type, and returns its id. */
    static UUID create(UUID ledger, String url) {
        String id = given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE))
                .contentType(ContentType.JSON).body(Map.of("url", url))
                .post(EndpointResourceTest.path(ledger))
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }
}
