package io.laas.projector.posting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET …/accounts/{code}/postings} and {@code GET …/transactions/{id}/postings} over one ledger fed
 * through Kafka: each posting with its transaction's id, sequence, status and times, newest first (an account's)
 * or in the transaction's order, paged stably; unknown accounts and transactions are 404.
 */
@QuarkusTest
class PostingListTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    private static TestLedger ledger;
    private static UUID posted;
    private static UUID committed;
    private static UUID voided;
    private static UUID split;
    private static long postedSequence;
    private static long splitSequence;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /**
     * posted: cash debit 10.00 / sales credit 10.00; committed: a hold of 3.00 on cash and wallet, 2.00 of it
     * committed; voided: a hold of 1.00 on wallet and sales, voided; split: cash debit 2.00, sales credit 1.00,
     * cash credit 1.00. "idle" has no posting.
     */
    private static synchronized TestLedger ledger() {
        if (ledger != null) {
            return ledger;
        }
        TestLedger l = new TestLedger();
        for (String code : List.of("cash", "sales", "wallet", "idle")) {
            l.account(code, "asset").send();
        }
        posted = UUID.randomUUID();
        committed = UUID.randomUUID();
        voided = UUID.randomUUID();
        split = UUID.randomUUID();
        Event first = l.transaction("transaction.posted", posted, new JsonObject()
                .put("occurred_at", "2026-01-01T10:00:00Z"),
                l.posting("cash", "debit", "10.00"), l.posting("sales", "credit", "10.00")).send();
        postedSequence = first.sequence();
        l.transaction("transaction.pending", committed, new JsonObject().put("occurred_at", "2026-01-02T10:00:00Z"),
                l.posting("cash", "debit", "3.00"), l.posting("wallet", "credit", "3.00")).send();
        l.transaction("transaction.pending", voided, new JsonObject().put("occurred_at", "2026-01-03T10:00:00Z"),
                l.posting("wallet", "debit", "1.00"), l.posting("sales", "credit", "1.00")).send();
        l.committed(committed, l.posting("cash", "debit", "2.00"), l.posting("wallet", "credit", "2.00")).send();
        l.voided(voided, "voided").send();
        Event last = l.transaction("transaction.posted", split, new JsonObject().put("occurred_at", "2026-01-04T10:00:00Z"),
                l.posting("cash", "debit", "2.00"), l.posting("sales", "credit", "1.00"),
                l.posting("cash", "credit", "1.00")).send();
        splitSequence = last.sequence();
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(l.token())
                .get("/v1/ledgers/{l}/transactions/{t}", l.id, split).then().statusCode(200));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(l.token())
                .get("/v1/ledgers/{l}/transactions/{t}", l.id, voided).then().statusCode(200)
                .body("status", equalTo("voided")));
        ledger = l;
        return l;
    }

    private static ExtractableResponse<Response> get(int status, String path, Object... query) {
        TestLedger l = ledger();
        var request = given().auth().oauth2(l.token());
        for (int i = 0; i < query.length; i += 2) {
            request = request.queryParam((String) query[i], query[i + 1]);
        }
        return request.get("/v1/ledgers/{l}/" + path, l.id).then().statusCode(status).extract();
    }

    /** "transaction:position" of every posting of every page with pages of {@code limit}. */
    private static List<String> paged(String path, int limit) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 20; pages++) {
            ExtractableResponse<Response> page = cursor == null ? get(200, path, "limit", limit)
                    : get(200, path, "limit", limit, "cursor", cursor);
            List<String> ids = page.path("data.transaction_id");
            List<Integer> positions = page.path("data.position");
            assertEquals(true, ids.size() <= limit);
            for (int i = 0; i < ids.size(); i++) {
                all.add(ids.get(i) + ":" + positions.get(i));
            }
            cursor = page.path("next_cursor");
            if (cursor == null) {
                return all;
            }
        }
        throw new AssertionError("more pages than postings");
    }

    @Test
    void anAccountsPostingsAreNewestFirstWithTheirTransactionsStatusAndTimes() {
        get(200, "accounts/cash/postings").response().then()
                .body("data.transaction_id", contains(split.toString(), split.toString(), committed.toString(),
                        posted.toString()))
                .body("data.position", contains(2, 0, 0, 0))
                .body("data.direction", contains("credit", "debit", "debit", "debit"))
                .body("data.amount", contains("1.00", "2.00", "2.00", "10.00"))
                .body("data.currency", everyItem(equalTo("USD")))
                .body("data.account_code", everyItem(equalTo("cash")))
                .body("data.transaction_status", contains("posted", "posted", "posted", "posted"))
                .body("data[0].sequence", equalTo((int) splitSequence))
                .body("data[3].sequence", equalTo((int) postedSequence))
                .body("data[3].occurred_at", equalTo("2026-01-01T10:00:00Z"))
                .body("data.recorded_at", everyItem(notNullValue()))
                .body("next_cursor", nullValue());
        get(200, "accounts/wallet/postings").response().then()
                .body("data.transaction_id", contains(voided.toString(), committed.toString()))
                .body("data.transaction_status", contains("voided", "posted"))
                .body("data.amount", contains("1.00", "2.00"));
    }

    @Test
    void anAccountsPostingsPageStably() {
        List<String> whole = paged("accounts/cash/postings", 1000);
        assertEquals(List.of(split + ":2", split + ":0", committed + ":0", posted + ":0"), whole);
        assertEquals(whole, paged("accounts/cash/postings", 1));
        assertEquals(whole, paged("accounts/cash/postings", 3));
        assertEquals(List.of(split + ":1", voided + ":1", posted + ":1"), paged("accounts/sales/postings", 2));
    }

    @Test
    void anAccountWithoutPostingsHasAnEmptyListAndAnUnknownOneIsNotFound() {
        get(200, "accounts/idle/postings").response().then().body("data", empty()).body("next_cursor", nullValue());
        get(404, "accounts/nobody/postings").response().then().contentType(PROBLEM)
                .body("code", equalTo("ACCOUNT_NOT_FOUND"));
        given().auth().oauth2(ledger().token()).get("/v1/ledgers/{l}/accounts/cash/postings", UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("LEDGER_NOT_FOUND"));
    }

    @Test
    void aTransactionsPostingsAreInItsOrder() {
        get(200, "transactions/" + split + "/postings").response().then()
                .body("data.position", contains(0, 1, 2))
                .body("data.account_code", contains("cash", "sales", "cash"))
                .body("data.direction", contains("debit", "credit", "credit"))
                .body("data.amount", contains("2.00", "1.00", "1.00"))
                .body("data.transaction_id", everyItem(equalTo(split.toString())))
                .body("data.sequence", everyItem(equalTo((int) splitSequence)))
                .body("data.occurred_at", everyItem(equalTo("2026-01-04T10:00:00Z")))
                .body("data.transaction_status", everyItem(equalTo("posted")));
        assertEquals(List.of(split + ":0", split + ":1", split + ":2"), paged("transactions/" + split + "/postings", 2));
        get(200, "transactions/" + voided + "/postings").response().then()
                .body("data.transaction_status", contains("voided", "voided"));
    }

    @Test
    void anUnknownTransactionIsNotFound() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            get(404, "transactions/" + id + "/postings").response().then().contentType(PROBLEM)
                    .body("code", equalTo("TRANSACTION_NOT_FOUND"));
        }
    }

    @Test
    void badQueriesAreRefused() {
        for (String path : List.of("accounts/cash/postings", "transactions/" + split + "/postings")) {
            get(400, path, "status", "posted").response().then().contentType(PROBLEM)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", contains("status"))
                    .body("errors[0].message", equalTo("is not a known query parameter"));
            get(400, path, "limit", "1001", "cursor", "%%%").response().then()
                    .body("errors.field", contains("limit", "cursor"));
            get(200, path, "limit", "1000");
        }
        String accountCursor = get(200, "accounts/cash/postings", "limit", 1).path("next_cursor");
        String transactionCursor = get(200, "transactions/" + split + "/postings", "limit", 1).path("next_cursor");
        get(400, "transactions/" + split + "/postings", "cursor", accountCursor).response().then()
                .body("errors.field", contains("cursor"));
        get(400, "accounts/cash/postings", "cursor", transactionCursor).response().then()
                .body("errors.field", contains("cursor"));
    }
}
