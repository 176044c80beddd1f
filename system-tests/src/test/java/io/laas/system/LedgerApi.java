package io.laas.system;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Calls of the public ledger API through the gateway. */
final class LedgerApi {

    private LedgerApi() {
    }

    static String newCode(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates the account; answers the write's {@code Ledger-Sequence}, for a read that must see it. */
    static String createAccount(String token, UUID ledger, String code, String type) {
        return given().baseUri(RunningStack.gateway()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", code, "type", type))
                .post("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(201).extract().header("Ledger-Sequence");
    }

    static Map<String, Object> transfer(String idempotencyKey, String debit, String credit, String amount) {
        return Map.of(
                "idempotency_key", idempotencyKey,
                "external_id", "order-" + idempotencyKey,
                "currency", "USD",
                "occurred_at", "2024-01-01T12:00:00Z",
                "postings", List.of(
                        Map.of("account_code", debit, "direction", "debit", "amount", amount),
                        Map.of("account_code", credit, "direction", "credit", "amount", amount)));
    }

    static Response post(String token, UUID ledger, Object body) {
        return given().baseUri(RunningStack.gateway()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(body)
                .post("/v1/ledgers/{ledger}/transactions", ledger);
    }

    static Response account(String token, UUID ledger, String code) {
        return given().baseUri(RunningStack.gateway()).auth().oauth2(token)
                .get("/v1/ledgers/{ledger}/accounts/{code}", ledger, code);
    }
}
