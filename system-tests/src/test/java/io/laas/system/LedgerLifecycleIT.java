package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A ledger's life through the gateway: an organisation's administrator creates a ledger and writes to it at once
 * (the command service asks IAM for a ledger it has not learned yet), archives it, and from then on every write is
 * refused (409 LEDGER_ARCHIVED) while reads still answer. The administrator's client ({@code lifecycle-admin}) is
 * configured with no ledger, so each token it is issued grants every ledger its project has at that moment: the
 * token fetched after the creation grants the new ledger.
 */
class LedgerLifecycleIT {

    private static final String PROJECT = "00000000-0000-0000-0000-000000000060";

    @BeforeAll
    static void start() {
        RunningStack.get();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String token() {
        return RunningStack.token("lifecycle-admin", "lifecycle-secret", null);
    }

    private static Map<String, Object> transfer(String key, String amount) {
        return Map.of("idempotency_key", key, "postings", List.of(
                Map.of("account_code", "cash", "direction", "debit", "amount", amount),
                Map.of("account_code", "revenue", "direction", "credit", "amount", amount)));
    }

    private static Response post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path);
    }

    @Test
    void aNewLedgerTakesWritesAtOnceAndAnArchivedOneOnlyReads() {
        String code = "books-" + UUID.randomUUID().toString().substring(0, 8);
        String ledger = post(token(), "/v1/projects/" + PROJECT + "/ledgers",
                Map.of("code", code, "name", "Books", "currency", "EUR"))
                .then().statusCode(201).extract().path("id");

        // the next requests: a token that grants the new ledger, then its first writes
        String token = token();
        post(token, "/v1/ledgers/" + ledger + "/accounts", Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .then().statusCode(201).body("currency", equalTo("EUR"));
        post(token, "/v1/ledgers/" + ledger + "/accounts", Map.of("code", "revenue", "name", "Revenue", "type", "revenue"))
                .then().statusCode(201);
        String transaction = post(token, "/v1/ledgers/" + ledger + "/transactions", transfer("first", "25.00"))
                .then().statusCode(201).extract().path("transaction_id");

        given().auth().oauth2(token).post("/v1/ledgers/" + ledger + "/archive")
                .then().statusCode(200).body("archived_at", notNullValue());

        // the command service stores ledger.archived within moments; from then on nothing is written
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                post(token, "/v1/ledgers/" + ledger + "/transactions", transfer("after-" + UUID.randomUUID(), "1.00"))
                        .statusCode() == 409);
        post(token, "/v1/ledgers/" + ledger + "/transactions", transfer("refused", "1.00"))
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("LEDGER_ARCHIVED"))
                .body("archived_at", notNullValue());
        post(token, "/v1/ledgers/" + ledger + "/accounts", Map.of("code", "fees", "name", "Fees", "type", "revenue"))
                .then().statusCode(409).body("code", equalTo("LEDGER_ARCHIVED"));
        // a retry of the write accepted before the archive is still answered as it was
        post(token, "/v1/ledgers/" + ledger + "/transactions", transfer("first", "25.00"))
                .then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("transaction_id", equalTo(transaction));

        // reads still answer, and show that only the transaction made before the archive exists
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/v1/ledgers/" + ledger + "/accounts/cash")
                .then().statusCode(200).body("balance", equalTo("25.00")));
        given().auth().oauth2(token).get("/v1/ledgers/" + ledger + "/transactions")
                .then().statusCode(200).body("data.size()", equalTo(1))
                .body("data[0].id", equalTo(transaction));
        given().auth().oauth2(token).get("/v1/ledgers/" + ledger + "/events")
                .then().statusCode(200).body("data.size()", equalTo(3));
    }

    @Test
    void aTokenIssuedBeforeALedgerWasCreatedDoesNotGrantIt() {
        String before = token();
        String ledger = post(before, "/v1/projects/" + PROJECT + "/ledgers",
                Map.of("code", "later-" + UUID.randomUUID().toString().substring(0, 8), "name", "Later", "currency", "USD"))
                .then().statusCode(201).extract().path("id");

        post(before, "/v1/ledgers/" + ledger + "/accounts", Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        post(token(), "/v1/ledgers/" + ledger + "/accounts", Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .then().statusCode(201);
    }

    /** IAM's registry read is for the platform's own services: the gateway does not route it, even for ops:admin. */
    @Test
    void theRegistryLookupIsNotPublic() {
        String ops = RunningStack.token("ops-client", "ops-secret", null);
        given().auth().oauth2(ops).get("/v1/ops/registry/ledgers/" + RunningStack.SANDBOX)
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().auth().oauth2(RunningStack.demoToken()).get("/v1/ops/registry/ledgers/" + RunningStack.SANDBOX)
                .then().statusCode(404);
    }
}
