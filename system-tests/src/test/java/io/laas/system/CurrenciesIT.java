package io.laas.system;

import static io.laas.system.LedgerApi.newCode;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Several currencies and a declared asset in one ledger, through the gateway: the asset is declared (and
 * its event reaches an endpoint subscribed to it alone), accounts are opened in three currencies, a
 * transaction balanced in each is posted and projected with every posting's currency and the asset's
 * scale, and one that balances only across currencies is refused.
 */
class CurrenciesIT {

    private static LoopbackReceiver receiver;

    @BeforeAll
    static void start() {
        RunningStack.get();
        receiver = LoopbackReceiver.start("/asset-hooks");
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aLedgerHoldsSeveralCurrenciesAndADeclaredAssetEndToEnd() {
        String token = RunningStack.demoToken();
        UUID ledger = RunningStack.SANDBOX;
        given().baseUri(RunningStack.gateway()).auth().oauth2(RunningStack.API_KEY).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(), "event_types", List.of("asset.declared")))
                .post("/v1/webhook-endpoints").then().statusCode(201);

        String asset = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase(Locale.ROOT);
        given().baseUri(RunningStack.gateway()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("scale", 4))
                .put("/v1/ledgers/{ledger}/assets/{code}", ledger, asset)
                .then().statusCode(201).body("code", equalTo(asset)).body("scale", equalTo(4));

        String usdCash = newCode("usd-cash");
        String usdFx = newCode("usd-fx");
        String eurCash = newCode("eur-cash");
        String eurFx = newCode("eur-fx");
        String assetWallet = newCode("wallet");
        String assetFloat = newCode("float");
        LedgerApi.createAccount(token, ledger, usdCash, "asset");
        LedgerApi.createAccount(token, ledger, usdFx, "liability");
        createAccount(token, ledger, eurCash, "asset", "EUR");
        createAccount(token, ledger, eurFx, "liability", "EUR");
        createAccount(token, ledger, assetWallet, "asset", asset);
        createAccount(token, ledger, assetFloat, "liability", asset);

        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", UUID.randomUUID().toString());
        body.put("postings", List.of(
                posting(usdCash, "debit", "11.00", null), posting(usdFx, "credit", "11.00", null),
                posting(eurFx, "debit", "10.00", "EUR"), posting(eurCash, "credit", "10.00", "EUR"),
                posting(assetWallet, "debit", "2.5", asset), posting(assetFloat, "credit", "2.5000", asset)));
        String transactionId = LedgerApi.post(token, ledger, body).then().statusCode(201)
                .extract().path("transaction_id");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().baseUri(RunningStack.gateway())
                .auth().oauth2(token).get("/v1/ledgers/{ledger}/transactions/{id}", ledger, transactionId)
                .then().statusCode(200)
                .body("currency", equalTo("USD"))
                .body("postings.currency", contains("USD", "USD", "EUR", "EUR", asset, asset))
                .body("postings.amount", contains("11.00", "11.00", "10.00", "10.00", "2.5000", "2.5000")));
        LedgerApi.account(token, ledger, assetWallet).then().statusCode(200)
                .body("currency", equalTo(asset)).body("balance", equalTo("2.5000"));
        given().baseUri(RunningStack.gateway()).auth().oauth2(token).get("/v1/ledgers/{ledger}/assets", ledger)
                .then().statusCode(200).body("data.find { it.code == '" + asset + "' }.scale", equalTo(4));

        Map<String, Object> crossCurrency = new HashMap<>();
        crossCurrency.put("idempotency_key", UUID.randomUUID().toString());
        crossCurrency.put("postings", List.of(posting(usdCash, "debit", "10.00", null),
                posting(eurCash, "credit", "10.00", "EUR")));
        LedgerApi.post(token, ledger, crossCurrency).then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("UNBALANCED_TRANSACTION"))
                .body("totals.currency", contains("EUR", "USD"));

        List<LoopbackReceiver.Request> received = receiver.requests();
        await().atMost(Duration.ofSeconds(15)).until(() -> received.stream().anyMatch(r -> r.body().contains(asset)));
        JsonPath declared = new JsonPath(received.stream().filter(r -> r.body().contains(asset)).findFirst()
                .orElseThrow().body());
        assertEquals("asset.declared", declared.getString("type"));
        assertEquals(4, declared.getInt("data.data.scale"));
        assertTrue(received.stream().noneMatch(r -> r.body().contains(transactionId)),
                "the endpoint subscribed to asset.declared only");
    }

    private static void createAccount(String token, UUID ledger, String code, String type, String currency) {
        given().baseUri(RunningStack.gateway()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", code, "type", type, "currency", currency))
                .post("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(201).body("currency", equalTo(currency));
    }

    private static Map<String, Object> posting(String code, String direction, String amount, String currency) {
        Map<String, Object> posting = new HashMap<>();
        posting.put("account_code", code);
        posting.put("direction", direction);
        posting.put("amount", amount);
        if (currency != null) {
            posting.put("currency", currency);
        }
        return posting;
    }
}
