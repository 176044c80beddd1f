package io.laas.projector.asset;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.projector.TestLedger;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class AssetResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void declaredAssetsAreListedByCodePageByPage() {
        TestLedger ledger = new TestLedger();
        ledger.event("asset.declared", new JsonObject().put("code", "USDC").put("scale", 6)
                .put("declared_at", "2026-11-30T08:00:05.5Z")).send();
        ledger.event("asset.declared", new JsonObject().put("code", "POINTS").put("scale", 0)
                .put("declared_at", "2026-11-30T08:00:06Z")).send();
        // a replayed declaration changes nothing
        TestLedger.Event again = ledger.event("asset.declared", new JsonObject().put("code", "GOLD").put("scale", 3));
        again.send();
        again.send();

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/assets", ledger.id)
                .then().statusCode(200)
                .body("data.code", contains("GOLD", "POINTS", "USDC"))
                .body("data.scale", contains(3, 0, 6))
                .body("data[2].declared_at", equalTo("2026-11-30T08:00:05.5Z"))
                .body("next_cursor", nullValue()));

        String next = given().auth().oauth2(ledger.token()).queryParam("limit", 2)
                .get("/v1/ledgers/{l}/assets", ledger.id)
                .then().statusCode(200).body("data.code", contains("GOLD", "POINTS")).body("next_cursor", notNullValue())
                .extract().path("next_cursor");
        given().auth().oauth2(ledger.token()).queryParam("limit", 2).queryParam("cursor", next)
                .get("/v1/ledgers/{l}/assets", ledger.id)
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].code", equalTo("USDC"));
    }

    @Test
    void aLedgerWithoutAssetsListsNone() {
        TestLedger ledger = new TestLedger();
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/assets", ledger.id)
                .then().statusCode(200).body("data", hasSize(0));
    }
}
