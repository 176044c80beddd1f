package io.laas.projector.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.projector.TestLedger;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * The filters of {@code GET /v1/ledgers/{id}/accounts}, alone and combined, over one ledger fed through Kafka:
 * the list is by code in byte order, every filter keeps exactly its accounts, and paging through a filtered
 * list with small pages gives the same accounts as one page.
 */
@QuarkusTest
class AccountListFilterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";
    /** Every account of the ledger, in byte order of their codes (upper case before lower case, ':' before '_'). */
    private static final List<String> ALL = List.of("Zeta", "assets", "assets:bank", "assets:bank-eur", "assets:cash",
            "customers", "customers:alice", "customers:bob", "customers_x", "revenue");

    private static TestLedger ledger;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static synchronized TestLedger ledger() {
        if (ledger != null) {
            return ledger;
        }
        TestLedger l = new TestLedger();
        l.account("revenue", "revenue").send();
        l.account("assets", "asset").send();
        l.account("customers", "liability").send();
        l.account("Zeta", "expense").send();
        l.account("assets:cash", "asset", child(l, "assets")).send();
        l.account("assets:bank", "asset", child(l, "assets")
                .put("metadata", new JsonObject().put("bank", "acme").put("tier", 1))).send();
        l.account("assets:bank-eur", "asset", child(l, "assets").put("currency", "EUR")).send();
        l.account("customers:bob", "liability", child(l, "customers")
                .put("metadata", new JsonObject().put("customer", "bob").put("tier", "2"))).send();
        l.account("customers:alice", "liability", child(l, "customers")
                .put("metadata", new JsonObject().put("customer", "alice").put("tier", 2))).send();
        l.account("customers_x", "liability").send();
        l.accountUpdated("customers:bob", new JsonObject().put("status", "frozen")).send();
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(l.token())
                .get("/v1/ledgers/{l}/accounts/{c}", l.id, "customers:bob").then().statusCode(200)
                .body("status", equalTo("frozen")));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(l.token())
                .get("/v1/ledgers/{l}/accounts/{c}", l.id, "customers_x").then().statusCode(200));
        ledger = l;
        return l;
    }

    private static JsonObject child(TestLedger l, String parent) {
        return new JsonObject().put("parent_id", l.accountId(parent).toString()).put("parent_code", parent);
    }

    private static ExtractableResponse<Response> list(int status, Object... query) {
        TestLedger l = ledger();
        var request = given().auth().oauth2(l.token());
        for (int i = 0; i < query.length; i += 2) {
            request = request.queryParam((String) query[i], query[i + 1]);
        }
        return request.get("/v1/ledgers/{l}/accounts", l.id).then().statusCode(status).extract();
    }

    private static List<String> codes(Object... query) {
        return list(200, query).path("data.code");
    }

    private static List<String> paged(int limit, Object... query) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 20; pages++) {
            List<Object> params = new ArrayList<>(List.of(query));
            params.add("limit");
            params.add(limit);
            if (cursor != null) {
                params.add("cursor");
                params.add(cursor);
            }
            ExtractableResponse<Response> page = list(200, params.toArray());
            List<String> codes = page.path("data.code");
            assertEquals(true, codes.size() <= limit);
            all.addAll(codes);
            cursor = page.path("next_cursor");
            if (cursor == null) {
                return all;
            }
        }
        throw new AssertionError("more pages than accounts");
    }

    @Test
    void accountsAreListedByCodeInByteOrder() {
        assertEquals(ALL, codes());
        assertEquals(ALL, paged(3));
    }

    @Test
    void codePrefixKeepsTheCodesStartingWithItExactly() {
        assertEquals(List.of("assets", "assets:bank", "assets:bank-eur", "assets:cash"), codes("code_prefix", "assets"));
        assertEquals(List.of("assets:bank", "assets:bank-eur", "assets:cash"), codes("code_prefix", "assets:"));
        assertEquals(List.of("assets:bank", "assets:bank-eur"), codes("code_prefix", "assets:bank"));
        // '_' and '.' are characters of codes, not wildcards.
        assertEquals(List.of("customers_x"), codes("code_prefix", "customers_"));
        assertEquals(List.of(), codes("code_prefix", "customers."));
        assertEquals(List.of("Zeta"), codes("code_prefix", "Z"));
        assertEquals(List.of(), codes("code_prefix", "z"));
        assertEquals(List.of("customers:alice", "customers:bob"), paged(1, "code_prefix", "customers:"));
    }

    @Test
    void typeParentStatusAndCurrencyKeepTheirAccounts() {
        assertEquals(List.of("customers", "customers:alice", "customers:bob", "customers_x"), codes("type", "liability"));
        assertEquals(List.of("Zeta"), codes("type", "expense"));
        assertEquals(List.of(), codes("type", "equity"));
        assertEquals(List.of("assets:bank", "assets:bank-eur", "assets:cash"), codes("parent", "assets"));
        assertEquals(List.of(), codes("parent", "revenue"));
        assertEquals(List.of("customers:bob"), codes("status", "frozen"));
        assertEquals(List.of(), codes("status", "closed"));
        assertEquals(List.of("assets:bank-eur"), codes("currency", "EUR"));
        assertEquals(ALL.stream().filter(code -> !code.equals("assets:bank-eur")).toList(), codes("currency", "USD"));
        assertEquals(ALL, codes("type", "", "parent", "", "status", "", "currency", "", "code_prefix", ""));
    }

    @Test
    void metadataFiltersAreContainmentsCombinedWithAnd() {
        assertEquals(List.of("customers:alice", "customers:bob"), codes("metadata[tier]", "2"));
        assertEquals(List.of("customers:alice"), codes("metadata[customer]", "alice"));
        assertEquals(List.of("assets:bank"), codes("metadata[bank]", "acme", "metadata[tier]", "1"));
        assertEquals(List.of(), codes("metadata[bank]", "acme", "metadata[tier]", "2"));
        assertEquals(List.of(), codes("metadata[tier]", "2.5"));
    }

    @Test
    void filtersCombineWithAndAndPageStably() {
        assertEquals(List.of("customers:alice"),
                codes("type", "liability", "status", "open", "code_prefix", "customers:"));
        assertEquals(List.of("customers:alice"), codes("parent", "customers", "metadata[tier]", "2", "status", "open"));
        assertEquals(List.of("assets:bank", "assets:cash"), codes("parent", "assets", "currency", "USD"));
        assertEquals(List.of("customers", "customers:alice", "customers_x"),
                codes("type", "liability", "code_prefix", "customers", "status", "open"));
        for (Object[] query : List.<Object[]>of(new Object[] { "type", "liability" },
                new Object[] { "parent", "assets" }, new Object[] { "metadata[tier]", "2" },
                new Object[] { "code_prefix", "c", "status", "open" })) {
            List<String> whole = codes(query);
            assertEquals(whole, paged(1, query), List.of(query).toString());
            assertEquals(whole, paged(2, query), List.of(query).toString());
        }
    }

    @Test
    void badFiltersAreRefusedAllAtOnceNamingEachField() {
        list(400, "type", "Asset", "code_prefix", "a b", "parent", "x/y", "status", "deleted", "currency", "eur")
                .response().then().contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("code_prefix", "type", "parent", "status", "currency"))
                .body("errors.message", contains("must be 1-64 characters of A-Z a-z 0-9 _ . : -",
                        "must be one of asset, liability, equity, revenue, expense",
                        "must be 1-64 characters of A-Z a-z 0-9 _ . : -", "must be one of open, frozen, closed",
                        "must be a currency code: 2-16 characters of A-Z 0-9, starting with a letter"));
        list(400, "types", "asset", "metadata", "x").response().then()
                .body("errors.field", contains("metadata", "types"))
                .body("errors.message", contains("must be given as metadata[key]=value, with a key",
                        "is not a known query parameter"));
        list(400, "type", "asset", "type", "revenue").response().then()
                .body("errors.field", contains("type")).body("errors[0].message", equalTo("must be given once"));
        list(400, "limit", "1001", "cursor", "%%%").response().then()
                .body("errors.field", contains("limit", "cursor"));
    }
}
