package io.laas.webhook;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
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
        return create(ledger, url, Map.of());
    }

    /** Creates an endpoint of {@code ledger} with the given fields besides its URL, and returns its id. */
    static UUID create(UUID ledger, String url, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("url", url);
        String id = given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE))
                .contentType(ContentType.JSON).body(body)
                .post(EndpointResourceTest.path(ledger))
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }
}
