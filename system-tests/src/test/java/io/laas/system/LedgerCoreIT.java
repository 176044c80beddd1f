package io.laas.system;

import static io.laas.system.LedgerApi.newCode;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The ledger core through the gateway, end to end: a wallet with limits, a hold committed in part, a
 * reversal, a frozen account, an atomic bulk. The projection shows posted, pending and available
 * balances, versions and the reversal's links, and equals a replay of the ledger's event feed; the new
 * event types reach an endpoint filtered on them and no other; the ledger verifies.
 */
class LedgerCoreIT {

    private static LoopbackReceiver receiver;

    @BeforeAll
    static void start() {
        RunningStack.get();
        receiver = LoopbackReceiver.start("/core-hooks");
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static Response write(String token, String method, String path, Object body) {
        var request = given().baseUri(RunningStack.gateway()).auth().oauth2(token).contentType(ContentType.JSON).body(body);
        return method.equals("PATCH") ? request.patch(path) : request.post(path);
    }

    private static Response read(String token, String path) {
        return given().baseUri(RunningStack.gateway()).auth().oauth2(token).get(path);
    }

    @Test
    void holdsReversalsLimitsAndBulkAreProjectedDeliveredAndVerified() {
        String token = RunningStack.demoToken();
        UUID ledger = RunningStack.SANDBOX;
        String base = "/v1/ledgers/" + ledger;
        write(token, "POST", base + "/webhook-endpoints", Map.of("url", receiver.url(),
                "event_types", List.of("transaction.pending", "transaction.committed", "transaction.reversed",
                        "account.updated"))).then().statusCode(201);

        String bank = newCode("bank");
        String wallet = newCode("wallet");
        String shop = newCode("shop");
        LedgerApi.createAccount(token, ledger, bank, "asset");
        write(token, "POST", base + "/accounts", Map.of("code", wallet, "name", "Wallet", "type", "liability",
                "limits", Map.of("min_balance", "0"))).then().statusCode(201);
        LedgerApi.createAccount(token, ledger, shop, "revenue");

        LedgerApi.post(token, ledger, LedgerApi.transfer(UUID.randomUUID().toString(), bank, wallet, "100.00"))
                .then().statusCode(201);
        Map<String, Object> hold = new HashMap<>(LedgerApi.transfer(UUID.randomUUID().toString(), wallet, shop, "60.00"));
        hold.put("status", "pending");
        String held = LedgerApi.post(token, ledger, hold).then().statusCode(201).body("status", equalTo("pending"))
                .extract().path("transaction_id");
        LedgerApi.post(token, ledger, LedgerApi.transfer(UUID.randomUUID().toString(), wallet, shop, "40.01"))
                .then().statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS")).body("available", equalTo("40.00"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> read(token, base + "/accounts/" + wallet).then()
                .statusCode(200)
                .body("balances.posted", equalTo("100.00"))
                .body("balances.pending_debits", equalTo("60.00"))
                .body("balances.available", equalTo("40.00"))
                .body("limits.min_balance", equalTo("0.00")));

        write(token, "POST", base + "/transactions/" + held + "/post", Map.of("idempotency_key", UUID.randomUUID().toString(),
                "postings", List.of(Map.of("amount", "50.00"), Map.of("amount", "50.00")))).then().statusCode(200);
        String refund = write(token, "POST", base + "/transactions/" + held + "/reversal",
                Map.of("idempotency_key", UUID.randomUUID().toString(),
                        "postings", List.of(Map.of("amount", "20.00"), Map.of("amount", "20.00"))))
                .then().statusCode(201).body("reversal_of", equalTo(held)).extract().path("transaction_id");
        write(token, "PATCH", base + "/accounts/" + shop, Map.of("status", "frozen")).then().statusCode(200);
        LedgerApi.post(token, ledger, LedgerApi.transfer(UUID.randomUUID().toString(), wallet, shop, "1.00"))
                .then().statusCode(422).body("code", equalTo("ACCOUNT_FROZEN"));
        write(token, "PATCH", base + "/accounts/" + shop, Map.of("status", "open")).then().statusCode(200);
        write(token, "POST", base + "/transactions/bulk", Map.of("atomic", true, "transactions", List.of(
                LedgerApi.transfer(UUID.randomUUID().toString(), wallet, shop, "5.00"),
                LedgerApi.transfer(UUID.randomUUID().toString(), wallet, shop, "5.00"))))
                .then().statusCode(201).body("results.status", contains(201, 201));

        // wallet: 100 - 50 (committed) + 20 (reversed) - 10 (bulk) = 60, nothing held
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> read(token, base + "/accounts/" + wallet).then()
                .statusCode(200)
                .body("balances.posted", equalTo("60.00"))
                .body("balances.pending_debits", equalTo("0.00"))
                .body("balances.available", equalTo("60.00"))
                .body("version", equalTo(5)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> read(token, base + "/transactions/" + held).then()
                .statusCode(200)
                .body("status", equalTo("posted"))
                .body("postings.amount", contains("50.00", "50.00"))
                .body("postings.released", contains("10.00", "10.00"))
                .body("postings.reversed_amount", contains("20.00", "20.00"))
                .body("reversed_by", contains(refund)));
        read(token, base + "/transactions/" + refund).then().statusCode(200)
                .body("reversal_of", equalTo(held)).body("postings.direction", contains("credit", "debit"));

        assertProjectionEqualsTheReplayedFeed(token, ledger, Set.of(bank, wallet, shop));

        List<LoopbackReceiver.Request> received = receiver.requests();
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveredTypes(received).size() == 4);
        assertEquals(new TreeSet<>(List.of("account.updated", "transaction.committed", "transaction.pending",
                "transaction.reversed")), deliveredTypes(received), "the endpoint's filter, and only it");

        read(token, base + "/verify").then().statusCode(200).body("verified", equalTo(true));
    }

    private static Set<String> deliveredTypes(List<LoopbackReceiver.Request> received) {
        Set<String> types = new TreeSet<>();
        received.forEach(request -> types.add(new JsonPath(request.body()).getString("type")));
        return types;
    }

    /** Replays the whole event feed of the ledger and compares each account's posted and held totals with the projection. */
    private static void assertProjectionEqualsTheReplayedFeed(String token, UUID ledger, Set<String> codes) {
        Map<String, BigDecimal[]> replayed = new HashMap<>();
        Map<String, List<Map<String, Object>>> holds = new HashMap<>();
        long after = 0;
        boolean more = true;
        while (more) {
            JsonPath page = read(token, "/v1/ledgers/" + ledger + "/events?limit=1000&after_sequence=" + after).then()
                    .statusCode(200).extract().jsonPath();
            List<Map<String, Object>> events = page.getList("data");
            for (Map<String, Object> event : events) {
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) event.get("data");
                switch ((String) event.get("event_type")) {
                    case "transaction.posted", "transaction.reversed" -> apply(replayed, data.get("postings"), 0, 1);
                    case "transaction.pending" -> {
                        apply(replayed, data.get("postings"), 2, 1);
                        holds.put((String) data.get("transaction_id"), postings(data.get("postings")));
                    }
                    case "transaction.committed" -> {
                        apply(replayed, holds.remove(data.get("transaction_id")), 2, -1);
                        apply(replayed, data.get("postings"), 0, 1);
                    }
                    case "transaction.voided" -> apply(replayed, holds.remove(data.get("transaction_id")), 2, -1);
                    default -> {
                    }
                }
            }
            more = page.getBoolean("has_more");
            if (!events.isEmpty()) {
                after = page.getLong("next_after_sequence");
            }
        }
        for (String code : codes) {
            JsonPath account = read(token, "/v1/ledgers/" + ledger + "/accounts/" + code).then().statusCode(200)
                    .extract().jsonPath();
            BigDecimal[] totals = replayed.getOrDefault(code, zeros());
            assertEquals(0, totals[0].compareTo(new BigDecimal(account.getString("debits"))), code + " debits");
            assertEquals(0, totals[1].compareTo(new BigDecimal(account.getString("credits"))), code + " credits");
            assertEquals(0, totals[2].compareTo(new BigDecimal(account.getString("balances.pending_debits"))),
                    code + " pending debits");
            assertEquals(0, totals[3].compareTo(new BigDecimal(account.getString("balances.pending_credits"))),
                    code + " pending credits");
        }
        assertTrue(holds.values().stream().flatMap(List::stream).noneMatch(p -> codes.contains(p.get("account_code"))),
                "no hold of these accounts is left open");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> postings(Object postings) {
        return (List<Map<String, Object>>) postings;
    }

    private static void apply(Map<String, BigDecimal[]> totals, Object postings, int offset, int sign) {
        for (Map<String, Object> posting : postings(postings)) {
            BigDecimal amount = new BigDecimal((String) posting.get("amount"));
            BigDecimal[] sums = totals.computeIfAbsent((String) posting.get("account_code"), code -> zeros());
            int side = offset + ("debit".equals(posting.get("direction")) ? 0 : 1);
            sums[side] = sums[side].add(sign > 0 ? amount : amount.negate());
        }
    }

    private static BigDecimal[] zeros() {
        return new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO };
    }
}
