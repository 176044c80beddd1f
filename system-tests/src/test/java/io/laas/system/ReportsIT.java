package io.laas.system;

import static io.laas.system.LedgerApi.newCode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The reports through the gateway, services as processes: JSON by default, CSV with {@code Accept: text/csv},
 * parents rolled up from their children, read after the write with its Ledger-Sequence.
 */
class ReportsIT {

    private static final UUID SANDBOX = RunningStack.SANDBOX;

    @BeforeAll
    static void stack() {
        RunningStack.get();
    }

    @Test
    void aTransferShowsInTheReportsAsJsonAndCsv() {
        String token = RunningStack.demoToken();
        String parent = newCode("rep-bank");
        String child = newCode("rep-bank-eur");
        String revenue = newCode("rep-fees");
        LedgerApi.createAccount(token, SANDBOX, parent, "asset");
        request(token).contentType(ContentType.JSON)
                .body(Map.of("code", child, "name", child, "type", "asset", "parent_code", parent))
                .post("/v1/ledgers/{ledger}/accounts", SANDBOX).then().statusCode(201);
        LedgerApi.createAccount(token, SANDBOX, revenue, "revenue");
        Response posted = LedgerApi.post(token, SANDBOX, Map.of("idempotency_key", newCode("rep"), "currency", "USD",
                "occurred_at", "2023-03-15T09:30:00Z", "postings", List.of(
                        Map.of("account_code", child, "direction", "debit", "amount", "12.34"),
                        Map.of("account_code", revenue, "direction", "credit", "amount", "12.34"))));
        posted.then().statusCode(201);
        long sequence = Long.parseLong(posted.header("Ledger-Sequence"));

        JsonPath trial = request(token).queryParam("min_sequence", sequence).queryParam("currency", "USD")
                .get("/v1/ledgers/{ledger}/reports/trial-balance", SANDBOX)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        String usd = "currencies.find { it.currency == 'USD' }";
        assertTrue(trial.getBoolean(usd + ".balanced"), "debits equal credits");
        assertEquals("12.34", trial.getString(usd + ".accounts.find { it.code == '" + child + "' }.debit"));
        assertEquals("0.00", trial.getString(usd + ".accounts.find { it.code == '" + parent + "' }.balance"));
        assertEquals("12.34", trial.getString(usd + ".accounts.find { it.code == '" + parent + "' }.rolled_up_balance"));
        assertEquals("12.34", trial.getString(usd + ".accounts.find { it.code == '" + revenue + "' }.credit"));

        request(token).accept("text/csv").queryParam("min_sequence", sequence).queryParam("currency", "USD")
                .get("/v1/ledgers/{ledger}/reports/trial-balance", SANDBOX)
                .then().statusCode(200).contentType(startsWith("text/csv"))
                .body(startsWith("currency,line,code,name,type,normal_balance,parent_code,depth,debit,credit,balance,"
                        + "rolled_up_balance"))
                .body(containsString("USD,account," + child + "," + child + ",asset,debit," + parent + ",1,12.34,"));

        request(token).queryParam("min_sequence", sequence).queryParam("from", "2023-03-15T00:00:00Z")
                .queryParam("to", "2023-03-16T00:00:00Z").queryParam("currency", "USD")
                .get("/v1/ledgers/{ledger}/reports/income-statement", SANDBOX)
                .then().statusCode(200)
                .body("currencies[0].revenue.accounts.find { it.code == '" + revenue + "' }.amount", equalTo("12.34"));

        request(token).queryParam("min_sequence", sequence).queryParam("currency", "USD")
                .get("/v1/ledgers/{ledger}/reports/balance-sheet", SANDBOX)
                .then().statusCode(200).body("currencies[0].balanced", equalTo(true));

        request(token).queryParam("as_of", "yesterday").get("/v1/ledgers/{ledger}/reports/balance-sheet", SANDBOX)
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("as_of"));
    }

    private static RequestSpecification request(String token) {
        return given().baseUri(RunningStack.gateway()).auth().oauth2(token);
    }
}
