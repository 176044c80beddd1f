package io.laas.projector.overview;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.projector.TestLedger;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class OverviewResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static TestLedger.Event recordedAgo(TestLedger.Event event, Duration ago) {
        event.envelope().put("recorded_at", OffsetDateTime.now(ZoneOffset.UTC).minus(ago).toString());
        return event;
    }

    @Test
    void countsTheAccountsAndSumsThePostedDebitsOfEachWindowByCurrency() {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        ledger.account("sales", "revenue").send();
        ledger.account("cash-eur", "asset", "EUR").send();
        ledger.account("sales-eur", "revenue", "EUR").send();
        ledger.account("points", "asset", "PTS", 0).send();
        ledger.account("points-issued", "liability", "PTS", 0).send();
        // 40 days ago: in neither window
        recordedAgo(ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "1000.00", "sales", "credit", "1000.00"),
                Duration.ofDays(40)).send();
        // 3 days ago: the 30 days only
        recordedAgo(ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "250.50", "sales", "credit", "250.50"),
                Duration.ofDays(3)).send();
        recordedAgo(ledger.transaction(UUID.randomUUID(), "PTS", "points", "debit", "7", "points-issued", "credit", "7"),
                Duration.ofDays(3)).send();
        // today: both
        ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "0.25", "sales", "credit", "0.25").send();
        ledger.transaction(UUID.randomUUID(), "EUR", "cash-eur", "debit", "10.10", "sales-eur", "credit", "10.10").send();
        // a hold still pending moves no volume
        ledger.transaction("transaction.pending", UUID.randomUUID(), new JsonObject(),
                ledger.posting("cash", "debit", "99.00"), ledger.posting("sales", "credit", "99.00")).send();

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(ledger.token())
                .get("/v1/ledgers/{l}/overview", ledger.id)
                .then().statusCode(200)
                .header("Ledger-Sequence", String.valueOf(ledger.lastSequenceSent()))
                .body("ledger_id", equalTo(ledger.id.toString()))
                .body("accounts", equalTo(6))
                .body("last_24_hours.transactions", equalTo(2))
                .body("last_24_hours.volume.currency", contains("EUR", "USD"))
                .body("last_24_hours.volume.amount", contains("10.10", "0.25"))
                .body("last_30_days.transactions", equalTo(4))
                .body("last_30_days.volume.currency", contains("EUR", "PTS", "USD"))
                .body("last_30_days.volume.amount", contains("10.10", "7", "250.75")));
    }

    @Test
    void aNewLedgerHasNothingYet() {
        TestLedger ledger = new TestLedger();
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/overview", ledger.id)
                .then().statusCode(200)
                .body("accounts", equalTo(0))
                .body("last_24_hours.transactions", equalTo(0))
                .body("last_24_hours.volume", hasSize(0))
                .body("last_30_days.volume", hasSize(0));
    }

    @Test
    void aLedgerTheTokenDoesNotGrantIsNotFound() {
        TestLedger ledger = new TestLedger();
        String other = TestTokens.token(List.of(UUID.randomUUID()), Scopes.LEDGER_READ);
        given().auth().oauth2(other).get("/v1/ledgers/{l}/overview", ledger.id)
                .then().statusCode(404)
                .body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(TestTokens.token(List.of(ledger.id), Scopes.WEBHOOKS_READ))
                .get("/v1/ledgers/{l}/overview", ledger.id)
                .then().statusCode(403);
    }
}
