package io.laas.projector.transaction;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * The filters of {@code GET /v1/ledgers/{id}/transactions}, alone and combined, over one ledger fed through
 * Kafka: every filter keeps exactly the transactions it names, in the list's order, and paging through any
 * filtered list with small pages gives the same transactions as one page.
 */
@QuarkusTest
class TransactionListFilterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    /** The ledger's transactions by name; their sequences follow the order of the names below. */
    private static TestLedger ledger;
    private static final Map<String, UUID> TX = new LinkedHashMap<>();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /**
     * t1 posted (reversed later by r1), t2 posted, t3 pending, t4 pending then voided, t5 posted in EUR and
     * back-dated (occurred before t1), r1 the reversal of t1, t6 posted with two postings on cash. Recorded
     * one second apart from 2026-02-01T00:00:01Z, in sequence order.
     */
    private static synchronized TestLedger ledger() {
        if (ledger != null) {
            return ledger;
        }
        TestLedger l = new TestLedger();
        for (String code : List.of("cash", "sales", "wallet:alice", "wallet:bob")) {
            l.account(code, "asset").send();
        }
        l.account("eur-cash", "asset", "EUR").send();
        l.account("eur-sales", "revenue", "EUR").send();
        List<String> names = List.of("t1", "t2", "t3", "t4", "t5", "r1", "t6");
        names.forEach(name -> TX.put(name, UUID.randomUUID()));
        int second = 0;
        send(l, ++second, l.transaction("transaction.posted", TX.get("t1"), fields("2026-01-01T10:00:00Z", "order-1",
                new JsonObject().put("channel", "web").put("tier", 2)),
                l.posting("cash", "debit", "10.00"), l.posting("sales", "credit", "10.00")));
        send(l, ++second, l.transaction("transaction.posted", TX.get("t2"), fields("2026-01-02T10:00:00Z", "order-2",
                new JsonObject().put("channel", "app").put("customer", "alice")),
                l.posting("wallet:alice", "debit", "5.00"), l.posting("sales", "credit", "5.00")));
        send(l, ++second, l.transaction("transaction.pending", TX.get("t3"), fields("2026-01-03T10:00:00Z", null,
                new JsonObject().put("channel", "web").put("customer", "bob")),
                l.posting("cash", "debit", "7.00"), l.posting("wallet:bob", "credit", "7.00")));
        send(l, ++second, l.transaction("transaction.pending", TX.get("t4"), fields("2026-01-04T10:00:00Z", null,
                new JsonObject().put("channel", "web")),
                l.posting("cash", "debit", "3.00"), l.posting("wallet:alice", "credit", "3.00")));
        send(l, ++second, l.transaction("transaction.posted", TX.get("t5"), fields("2025-12-31T23:00:00Z", "order-5",
                new JsonObject().put("channel", "web").put("tier", "2")).put("currency", "EUR"),
                l.posting("eur-cash", "debit", "8.00").put("currency", "EUR"),
                l.posting("eur-sales", "credit", "8.00").put("currency", "EUR")));
        send(l, ++second, l.transaction("transaction.reversed", TX.get("r1"), fields("2026-01-06T10:00:00Z", null,
                new JsonObject()).put("reversal_of", TX.get("t1").toString()),
                l.posting("cash", "credit", "10.00").put("original_posting", 0),
                l.posting("sales", "debit", "10.00").put("original_posting", 1)));
        send(l, ++second, l.voided(TX.get("t4"), "voided"));
        send(l, ++second, l.transaction("transaction.posted", TX.get("t6"), fields("2026-01-07T10:00:00Z", "order-6",
                new JsonObject().put("channel", "pos")),
                l.posting("cash", "debit", "2.00"), l.posting("sales", "credit", "1.00"),
                l.posting("cash", "credit", "1.00")));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(l.token())
                .get("/v1/ledgers/{l}/transactions/{t}", l.id, TX.get("t6")).then().statusCode(200));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(l.token())
                .get("/v1/ledgers/{l}/transactions/{t}", l.id, TX.get("t4")).then().statusCode(200)
                .body("status", equalTo("voided")));
        ledger = l;
        return l;
    }

    private static JsonObject fields(String occurredAt, String externalId, JsonObject metadata) {
        JsonObject fields = new JsonObject().put("occurred_at", occurredAt).put("metadata", metadata);
        return externalId == null ? fields : fields.put("external_id", externalId);
    }

    private static void send(TestLedger l, int second, Event event) {
        event.envelope().put("recorded_at", String.format("2026-02-01T00:00:%02dZ", second));
        event.send();
    }

    private static List<String> names(Object... query) {
        return named(list(200, query).path("data.id"));
    }

    private static List<String> named(List<String> ids) {
        List<String> names = new ArrayList<>();
        for (String id : ids) {
            TX.forEach((name, tx) -> {
                if (tx.toString().equals(id)) {
                    names.add(name);
                }
            });
        }
        assertEquals(ids.size(), names.size(), "ids of other transactions: " + ids);
        return names;
    }

    private static ExtractableResponse<Response> list(int status, Object... query) {
        TestLedger l = ledger();
        var request = given().auth().oauth2(l.token());
        for (int i = 0; i < query.length; i += 2) {
            request = request.queryParam((String) query[i], query[i + 1]);
        }
        return request.get("/v1/ledgers/{l}/transactions", l.id).then().statusCode(status).extract();
    }

    /** Every page of the list with pages of {@code limit}, concatenated; checks that the last cursor is null. */
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
            List<String> ids = page.path("data.id");
            assertEquals(true, ids.size() <= limit);
            all.addAll(named(ids));
            cursor = page.path("next_cursor");
            if (cursor == null) {
                return all;
            }
        }
        throw new AssertionError("more pages than transactions");
    }

    @Test
    void withoutFiltersTheListIsNewestFirstBySequence() {
        assertEquals(List.of("t6", "r1", "t5", "t4", "t3", "t2", "t1"), names());
    }

    @Test
    void statusKeepsThatStatusAndReversedTheTransactionsWithAReversal() {
        assertEquals(List.of("t6", "r1", "t5", "t2", "t1"), names("status", "posted"));
        assertEquals(List.of("t3"), names("status", "pending"));
        assertEquals(List.of("t4"), names("status", "voided"));
        assertEquals(List.of("t1"), names("status", "reversed"));
        assertEquals(names(), names("status", ""));
    }

    @Test
    void accountKeepsTheTransactionsWithAPostingOnItOnceEach() {
        assertEquals(List.of("t6", "r1", "t4", "t3", "t1"), names("account", "cash"));
        assertEquals(List.of("t4", "t2"), names("account", "wallet:alice"));
        assertEquals(List.of("t5"), names("account", "eur-sales"));
        assertEquals(List.of(), names("account", "nobody"));
        // t6 posts to cash twice: once in the list, and pages of one do not repeat it.
        assertEquals(List.of("t6", "r1", "t4", "t3", "t1"), paged(1, "account", "cash"));
    }

    @Test
    void externalIdAndCurrencyKeepTheirTransactions() {
        assertEquals(List.of("t2"), names("external_id", "order-2"));
        assertEquals(List.of(), names("external_id", "order-3"));
        assertEquals(List.of("t5"), names("currency", "EUR"));
        assertEquals(List.of("t6", "r1", "t4", "t3", "t2", "t1"), names("currency", "USD"));
        assertEquals(List.of(), names("currency", "JPY"));
    }

    @Test
    void metadataFiltersAreContainmentsCombinedWithAnd() {
        assertEquals(List.of("t5", "t4", "t3", "t1"), names("metadata[channel]", "web"));
        assertEquals(List.of("t3"), names("metadata[channel]", "web", "metadata[customer]", "bob"));
        assertEquals(List.of(), names("metadata[channel]", "app", "metadata[customer]", "bob"));
        // "2" finds the number 2 (t1) and the string "2" (t5); "web" never finds a number.
        assertEquals(List.of("t5", "t1"), names("metadata[tier]", "2"));
        assertEquals(List.of("t5", "t1"), names("metadata[tier]", "2", "metadata[channel]", "web"));
        assertEquals(List.of(), names("metadata[tier]", "3"));
        assertEquals(List.of(), names("metadata[no-such-key]", "web"));
        // Keys are compared as given: not a path into nested objects.
        assertEquals(List.of(), names("metadata[channel.web]", "x"));
        // A value given empty matches the empty string (none here), not "any".
        assertEquals(List.of(), names("metadata[channel]", ""));
    }

    @Test
    void anOccurredRangeIncludesItsStartExcludesItsEndAndOrdersByEffectiveTime() {
        assertEquals(List.of("t3", "t2", "t1"),
                names("occurred_from", "2026-01-01T00:00:00Z", "occurred_to", "2026-01-04T00:00:00Z"));
        assertEquals(List.of("t2"),
                names("occurred_from", "2026-01-02T10:00:00Z", "occurred_to", "2026-01-03T10:00:00Z"));
        assertEquals(List.of("t2"),
                names("occurred_from", "2026-01-02T11:00:00+01:00", "occurred_to", "2026-01-03T11:00:00+01:00"));
        // The back-dated t5 (a later sequence) comes last: the list is by occurred_at when filtered on it.
        assertEquals(List.of("t6", "r1", "t4", "t3", "t2", "t1", "t5"), names("occurred_from", "2025-12-31T00:00:00Z"));
        assertEquals(List.of("t6", "r1", "t4", "t3", "t2", "t1", "t5"),
                paged(2, "occurred_from", "2025-12-31T00:00:00Z"));
        assertEquals(List.of("t1", "t5"), names("occurred_to", "2026-01-02T00:00:00Z"));
        assertEquals(List.of(), names("occurred_from", "2026-01-02T00:00:00Z", "occurred_to", "2026-01-02T00:00:00Z"));
    }

    @Test
    void aRecordedRangeKeepsWhatTheLedgerRecordedInIt() {
        assertEquals(List.of("t5", "t4", "t3"),
                names("recorded_from", "2026-02-01T00:00:03Z", "recorded_to", "2026-02-01T00:00:06Z"));
        assertEquals(List.of("t6", "r1"), names("recorded_from", "2026-02-01T00:00:06Z"));
        assertEquals(List.of("t1"), names("recorded_to", "2026-02-01T00:00:02Z"));
        assertEquals(List.of("t5", "t4", "t3", "t2", "t1"), paged(2, "recorded_to", "2026-02-01T00:00:06Z"));
    }

    @Test
    void filtersCombineWithAnd() {
        assertEquals(List.of("t3"), names("account", "cash", "status", "pending"));
        assertEquals(List.of("t6", "r1", "t4", "t3"), names("account", "cash", "occurred_from", "2026-01-03T00:00:00Z"));
        assertEquals(List.of("t4", "t3", "t1"), names("account", "cash", "metadata[channel]", "web"));
        assertEquals(List.of("t2", "t1"),
                names("status", "posted", "currency", "USD", "occurred_to", "2026-01-05T00:00:00Z"));
        assertEquals(List.of("t1"), names("status", "reversed", "account", "sales", "external_id", "order-1"));
        assertEquals(List.of("t4"), names("account", "wallet:alice", "recorded_from", "2026-02-01T00:00:03Z",
                "occurred_to", "2026-01-05T00:00:00Z"));
        assertEquals(List.of(), names("account", "wallet:bob", "status", "posted"));
    }

    @Test
    void pagingThroughAFilteredListGivesEveryTransactionOnce() {
        List<Object[]> queries = List.of(new Object[] {}, new Object[] { "status", "posted" },
                new Object[] { "account", "cash" }, new Object[] { "metadata[channel]", "web" },
                new Object[] { "occurred_to", "2026-01-05T00:00:00Z", "account", "cash" },
                new Object[] { "recorded_from", "2026-02-01T00:00:02Z", "currency", "USD" });
        for (Object[] query : queries) {
            List<String> whole = names(query);
            assertEquals(whole, paged(1, query), List.of(query).toString());
            assertEquals(whole, paged(3, query), List.of(query).toString());
        }
        ExtractableResponse<Response> first = list(200, "status", "posted", "limit", 2);
        assertEquals(List.of("t6", "r1"), named(first.path("data.id")));
        String cursor = first.path("next_cursor");
        assertNotNull(cursor);
        // The same request answers the same page and cursor.
        assertEquals(cursor, list(200, "status", "posted", "limit", 2).path("next_cursor"));
    }

    @Test
    void transactionsProjectedBetweenPagesNeitherRepeatNorHideOthers() {
        TestLedger l = new TestLedger();
        l.account("cash", "asset").send();
        l.account("sales", "revenue").send();
        for (int i = 1; i <= 4; i++) {
            UUID id = UUID.randomUUID();
            l.transaction("transaction.posted", id, new JsonObject().put("occurred_at", "2026-01-0" + i + "T10:00:00Z"),
                    l.posting("cash", "debit", i + ".00"), l.posting("sales", "credit", i + ".00")).send();
        }
        String path = "/v1/ledgers/{l}/transactions";
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(l.token()).get(path, l.id)
                .then().statusCode(200).body("data", hasSize(4)));
        for (Object[] filter : List.<Object[]>of(new Object[] { "account", "cash" },
                new Object[] { "occurred_from", "2026-01-01T00:00:00Z" })) {
            List<String> expected = given().auth().oauth2(l.token()).queryParam((String) filter[0], filter[1])
                    .get(path, l.id).then().statusCode(200).extract().path("data.id");
            ExtractableResponse<Response> page = given().auth().oauth2(l.token()).queryParam("limit", 2)
                    .queryParam((String) filter[0], filter[1]).get(path, l.id).then().statusCode(200).extract();
            List<String> seen = new ArrayList<>(page.path("data.id"));
            // A newer transaction, and one back-dated into the pages already read.
            UUID newer = UUID.randomUUID();
            UUID backDated = UUID.randomUUID();
            l.transaction("transaction.posted", newer, new JsonObject().put("occurred_at", "2026-01-09T10:00:00Z"),
                    l.posting("cash", "debit", "9.00"), l.posting("sales", "credit", "9.00")).send();
            l.transaction("transaction.posted", backDated, new JsonObject().put("occurred_at", "2026-01-04T11:00:00Z"),
                    l.posting("cash", "debit", "8.00"), l.posting("sales", "credit", "8.00")).send();
            await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(l.token())
                    .get("/v1/ledgers/{l}/transactions/{t}", l.id, backDated).then().statusCode(200));
            String cursor = page.path("next_cursor");
            ExtractableResponse<Response> rest = given().auth().oauth2(l.token()).queryParam("limit", 10)
                    .queryParam((String) filter[0], filter[1]).queryParam("cursor", cursor).get(path, l.id)
                    .then().statusCode(200).body("next_cursor", nullValue()).extract();
            seen.addAll(rest.path("data.id"));
            assertEquals(expected, seen, List.of(filter).toString());
            // A new first page has them.
            List<String> now = given().auth().oauth2(l.token()).queryParam((String) filter[0], filter[1])
                    .get(path, l.id).then().statusCode(200).extract().path("data.id");
            assertEquals(seen.size() + 2, now.size());
            assertEquals(true, now.containsAll(seen) && now.contains(newer.toString())
                    && now.contains(backDated.toString()), now.toString());
        }
    }

    @Test
    void limitMayBeUpToAThousand() {
        assertEquals(7, list(200, "limit", 1000).<List<?>>path("data").size());
        for (String limit : List.of("0", "1001", "-1", "ten")) {
            list(400, "limit", limit).response().then().contentType(PROBLEM)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", contains("limit"))
                    .body("errors[0].message", equalTo("must be an integer between 1 and 1000"));
        }
    }

    @Test
    void aCursorOfAnotherOrderOrListIsRefused() {
        String bySequence = list(200, "limit", 1).path("next_cursor");
        String byOccurred = list(200, "limit", 1, "occurred_from", "2020-01-01T00:00:00Z").path("next_cursor");
        list(400, "cursor", bySequence, "occurred_from", "2020-01-01T00:00:00Z").response().then()
                .body("errors.field", contains("cursor"));
        list(400, "cursor", byOccurred).response().then().body("errors.field", contains("cursor"));
        list(400, "cursor", byOccurred, "recorded_from", "2020-01-01T00:00:00Z").response().then()
                .body("errors.field", contains("cursor"));
        list(200, "cursor", byOccurred, "occurred_from", "2020-01-01T00:00:00Z");
        for (String cursor : List.of("%%%", "YWNjMTpjYXNo" /* acc1:cash */, "dHhuMTpvOjE6eA" /* txn1:o:1:x */)) {
            list(400, "cursor", cursor, "occurred_from", "2020-01-01T00:00:00Z").response().then()
                    .body("errors.field", contains("cursor"));
        }
    }

    @Test
    void unknownAndRepeatedParametersAreRefusedByName() {
        list(400, "stauts", "posted").response().then().contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("stauts"))
                .body("errors[0].message", equalTo("is not a known query parameter"));
        list(400, "status", "posted", "status", "pending").response().then()
                .body("errors.field", contains("status"))
                .body("errors[0].message", equalTo("must be given once"));
        list(400, "metadata", "web", "occurred", "2026-01-01T00:00:00Z", "metadata[]", "x").response().then()
                .body("errors.field", contains("metadata", "metadata[]", "occurred"))
                .body("errors.message", contains("must be given as metadata[key]=value, with a key",
                        "must be given as metadata[key]=value, with a key", "is not a known query parameter"));
    }

    @Test
    void badValuesAreRefusedAllAtOnceNamingEachField() {
        String rfc3339 = "must be an RFC 3339 date-time with offset, e.g. 2024-01-01T12:00:00Z";
        list(400, "status", "committed", "occurred_from", "2026-01-01", "recorded_to", "2026-01-01T00:00:00",
                "account", "no spaces", "currency", "usd").response().then().contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("occurred_from", "recorded_to", "status", "account", "currency"))
                .body("errors.message", contains(rfc3339, rfc3339, "must be one of posted, pending, voided, reversed",
                        "must be 1-64 characters of A-Z a-z 0-9 _ . : -",
                        "must be a currency code: 2-16 characters of A-Z 0-9, starting with a letter"));
        for (String status : List.of("POSTED", "posted'--", " posted")) {
            list(400, "status", status).response().then().body("errors.field", contains("status"));
        }
    }

    @Test
    void aRangeWhoseStartIsAfterItsEndIsRefused() {
        list(400, "occurred_from", "2026-01-02T00:00:00Z", "occurred_to", "2026-01-01T00:00:00Z").response().then()
                .body("errors.field", contains("occurred_from"))
                .body("errors[0].message", equalTo("must not be after occurred_to"));
        list(400, "recorded_from", "2026-01-01T01:00:00+02:00", "recorded_to", "2025-12-31T22:59:59Z").response()
                .then().body("errors.field", contains("recorded_from"))
                .body("errors[0].message", equalTo("must not be after recorded_to"));
    }

    @Test
    void anOffsetPlusDecodedAsASpaceIsReadAsPlus() {
        TestLedger l = ledger();
        String ids = given().auth().oauth2(l.token()).urlEncodingEnabled(false)
                .get("/v1/ledgers/" + l.id + "/transactions?occurred_from=2026-01-02T11:00:00+01:00"
                        + "&occurred_to=2026-01-03T11:00:00+01:00")
                .then().statusCode(200).body("data", hasSize(1)).extract().path("data[0].id");
        assertEquals(TX.get("t2").toString(), ids);
    }

    @Test
    void theQueryIsCheckedOnlyForCallersAllowedToRead() {
        TestLedger l = ledger();
        given().queryParam("stauts", "x").get("/v1/ledgers/{l}/transactions", l.id)
                .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("UNAUTHORIZED"));
        given().auth().oauth2(TestTokens.token(List.of(l.id), Scopes.LEDGER_WRITE)).queryParam("stauts", "x")
                .get("/v1/ledgers/{l}/transactions", l.id)
                .then().statusCode(403).contentType(PROBLEM).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(l.token()).queryParam("status", "posted")
                .get("/v1/ledgers/{l}/transactions", UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("LEDGER_NOT_FOUND"));
        list(200, "status", "posted").response().then().body("next_cursor", nullValue());
    }
}
