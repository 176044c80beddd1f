package io.laas.projector.report;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.local.testing.TestTokens;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Trial balance, balance sheet and income statement of a ledger with a chart of three levels, contra accounts
 * (accumulated depreciation, sales returns), a parent with postings of its own, two currencies, a back-dated
 * transaction, a hold never committed and a reversal in part, published as the ledger core emits them; in JSON
 * and CSV, as of now and of past times on both bases; and the problems of bad input.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class ReportResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /**
     * USD, effective (recorded) times in 2026: capital 1,000.00 on 1 Jan; equipment 600.00 on 5 Jan; a sale on
     * credit to Alice of 250.00 on 1 Feb; 70.00 on the receivables parent itself on 3 Feb; a cash sale of 400.00 on
     * 10 Feb; a return of 50.00 on 12 Feb; rent 300.00 on 15 Feb; a wallet deposit of 200.00 on 20 Feb; a hold of
     * 80.00 on the wallets on 1 Mar, never committed; 100.00 of the rent reversed on 3 Mar; depreciation of 100.00
     * recorded on 5 Mar, back-dated to 28 Feb. EUR: capital 500.00 on 10 Jan, a sale of 120.00 on 5 Feb.
     */
    private static final class Books {
        final TestLedger ledger = new TestLedger();
        final UUID rent = UUID.randomUUID();
        final List<Event> events = new ArrayList<>();

        Books() {
            account("assets", "asset", "USD", null, "debit");
            account("assets:cash", "asset", "USD", "assets", "debit");
            account("assets:receivables", "asset", "USD", "assets", "debit");
            account("assets:receivables:alice", "asset", "USD", "assets:receivables", "debit");
            account("assets:equipment", "asset", "USD", "assets", "debit");
            account("assets:depreciation", "asset", "USD", "assets", "credit");
            account("liabilities", "liability", "USD", null, "credit");
            account("liabilities:wallets", "liability", "USD", "liabilities", "credit");
            account("equity", "equity", "USD", null, "credit");
            account("equity:capital", "equity", "USD", "equity", "credit");
            account("revenue", "revenue", "USD", null, "credit");
            account("revenue:sales", "revenue", "USD", "revenue", "credit");
            account("revenue:returns", "revenue", "USD", "revenue", "debit");
            account("expenses", "expense", "USD", null, "debit");
            account("expenses:rent", "expense", "USD", "expenses", "debit");
            account("expenses:depreciation", "expense", "USD", "expenses", "debit");
            account("expenses:travel", "expense", "USD", "expenses", "debit");
            account("eur:cash", "asset", "EUR", null, "debit");
            account("eur:capital", "equity", "EUR", null, "credit").envelope().getJsonObject("data")
                    .put("name", "Capital, \"EUR\"");
            account("eur:sales", "revenue", "EUR", null, "credit");

            posted("2026-01-01T09:00:00Z", "2026-01-01T09:00:00Z", "USD",
                    "assets:cash", "debit", "1000.00", "equity:capital", "credit", "1000.00");
            posted("2026-01-05T09:00:00Z", "2026-01-05T09:00:00Z", "USD",
                    "assets:equipment", "debit", "600.00", "assets:cash", "credit", "600.00");
            posted("2026-01-10T09:00:00Z", "2026-01-10T09:00:00Z", "EUR",
                    "eur:cash", "debit", "500.00", "eur:capital", "credit", "500.00");
            posted("2026-02-01T09:00:00Z", "2026-02-01T09:00:00Z", "USD",
                    "assets:receivables:alice", "debit", "250.00", "revenue:sales", "credit", "250.00");
            posted("2026-02-03T09:00:00Z", "2026-02-03T09:00:00Z", "USD",
                    "assets:receivables", "debit", "70.00", "revenue:sales", "credit", "70.00");
            posted("2026-02-05T09:00:00Z", "2026-02-05T09:00:00Z", "EUR",
                    "eur:cash", "debit", "120.00", "eur:sales", "credit", "120.00");
            posted("2026-02-10T09:00:00Z", "2026-02-10T09:00:00Z", "USD",
                    "assets:cash", "debit", "400.00", "revenue:sales", "credit", "400.00");
            posted("2026-02-12T09:00:00Z", "2026-02-12T09:00:00Z", "USD",
                    "revenue:returns", "debit", "50.00", "assets:cash", "credit", "50.00");
            events.add(recorded(ledger.transaction("transaction.posted", rent, occurred("2026-02-15T09:00:00Z"),
                    ledger.posting("expenses:rent", "debit", "300.00"), ledger.posting("assets:cash", "credit", "300.00")),
                    "2026-02-15T09:00:00Z"));
            posted("2026-02-20T09:00:00Z", "2026-02-20T09:00:00Z", "USD",
                    "assets:cash", "debit", "200.00", "liabilities:wallets", "credit", "200.00");
            events.add(recorded(ledger.transaction("transaction.pending", UUID.randomUUID(),
                    occurred("2026-03-01T09:00:00Z"), ledger.posting("liabilities:wallets", "debit", "80.00"),
                    ledger.posting("assets:cash", "credit", "80.00")), "2026-03-01T09:00:00Z"));
            events.add(recorded(ledger.transaction("transaction.reversed", UUID.randomUUID(),
                    occurred("2026-03-03T09:00:00Z").put("reversal_of", rent.toString()),
                    ledger.posting("expenses:rent", "credit", "100.00").put("original_posting", 0),
                    ledger.posting("assets:cash", "debit", "100.00").put("original_posting", 1)),
                    "2026-03-03T09:00:00Z"));
            posted("2026-02-28T18:00:00Z", "2026-03-05T09:00:00Z", "USD",
                    "expenses:depreciation", "debit", "100.00", "assets:depreciation", "credit", "100.00");
        }

        private Event account(String code, String type, String currency, String parent, String normalBalance) {
            Event created = ledger.account(code, type, currency, 2);
            JsonObject data = created.envelope().getJsonObject("data").put("normal_balance", normalBalance)
                    .put("name", "Account " + code);
            if (parent != null) {
                data.put("parent_code", parent).put("parent_id", ledger.accountId(parent).toString());
            }
            events.add(recorded(created, "2025-12-31T00:00:00Z"));
            return created;
        }

        private void posted(String occurredAt, String recordedAt, String currency, String... postings) {
            List<JsonObject> lines = new ArrayList<>();
            for (int i = 0; i < postings.length; i += 3) {
                lines.add(ledger.posting(postings[i], postings[i + 1], postings[i + 2]));
            }
            events.add(recorded(ledger.transaction("transaction.posted", UUID.randomUUID(),
                    occurred(occurredAt).put("currency", currency), lines.toArray(JsonObject[]::new)), recordedAt));
        }
    }

    private Books projected() {
        Books books = new Books();
        TestLedger.sendAll(books.events);
        await().atMost(WAIT).until(() -> lastSequence(books.ledger) == books.events.size());
        return books;
    }

    @Test
    void trialBalanceListsEveryAccountWithABalanceAndItsParentsWithEqualDebitAndCreditTotalsPerCurrency() {
        Books b = projected();
        long entries = count("SELECT count(*) FROM account_entries", null);
        reader(b).get(path(b, "trial-balance"))
                .then().statusCode(200).contentType("application/json")
                .body("ledger_id", equalTo(b.ledger.id.toString()))
                .body("basis", equalTo("effective"))
                .body("currencies.currency", contains("EUR", "USD"))
                .body("currencies[0].accounts.code", contains("eur:capital", "eur:cash", "eur:sales"))
                .body("currencies[0].accounts.debit", contains("0.00", "620.00", "0.00"))
                .body("currencies[0].accounts.credit", contains("500.00", "0.00", "120.00"))
                .body("currencies[0].total_debits", equalTo("620.00"))
                .body("currencies[0].total_credits", equalTo("620.00"))
                .body("currencies[0].balanced", equalTo(true))
                // expenses:travel has no posting: it does not show; the roots show for their children
                .body("currencies[1].accounts.code", contains("assets", "assets:cash", "assets:depreciation",
                        "assets:equipment", "assets:receivables", "assets:receivables:alice", "equity",
                        "equity:capital", "expenses", "expenses:depreciation", "expenses:rent", "liabilities",
                        "liabilities:wallets", "revenue", "revenue:returns", "revenue:sales"))
                .body("currencies[1].accounts.depth", contains(0, 1, 1, 1, 1, 2, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1))
                .body("currencies[1].accounts.parent_code", contains(null, "assets", "assets", "assets", "assets",
                        "assets:receivables", null, "equity", null, "expenses", "expenses", null, "liabilities",
                        null, "revenue", "revenue"))
                // the hold of 80.00 on cash is not posted: cash is 1000 - 600 + 400 - 50 - 300 + 200 + 100
                .body("currencies[1].accounts.debit", contains("0.00", "750.00", "0.00", "600.00", "70.00",
                        "250.00", "0.00", "0.00", "0.00", "100.00", "200.00", "0.00", "0.00", "0.00", "50.00",
                        "0.00"))
                .body("currencies[1].accounts.credit", contains("0.00", "0.00", "100.00", "0.00", "0.00", "0.00",
                        "0.00", "1000.00", "0.00", "0.00", "0.00", "0.00", "200.00", "0.00", "0.00", "720.00"))
                .body("currencies[1].accounts.balance", contains("0.00", "750.00", "100.00", "600.00", "70.00",
                        "250.00", "0.00", "1000.00", "0.00", "100.00", "200.00", "0.00", "200.00", "0.00", "50.00",
                        "720.00"))
                .body("currencies[1].accounts.rolled_up_balance", contains("1570.00", "750.00", "100.00", "600.00",
                        "320.00", "250.00", "1000.00", "1000.00", "300.00", "100.00", "200.00", "200.00", "200.00",
                        "670.00", "50.00", "720.00"))
                .body("currencies[1].total_debits", equalTo("2020.00"))
                .body("currencies[1].total_credits", equalTo("2020.00"))
                .body("currencies[1].balanced", equalTo(true));

        reader(b).queryParam("currency", "USD").queryParam("include_zero", "true")
                .get(path(b, "trial-balance"))
                .then().statusCode(200)
                .body("currencies.currency", contains("USD"))
                .body("currencies[0].accounts[11].code", equalTo("expenses:travel"))
                .body("currencies[0].accounts[11].balance", equalTo("0.00"))
                .body("currencies[0].total_debits", equalTo("2020.00"));
        reader(b).queryParam("currency", "JPY").get(path(b, "trial-balance"))
                .then().statusCode(200).body("currencies", empty());
        // a report writes nothing
        assertEquals(entries, count("SELECT count(*) FROM account_entries", null));
    }

    @Test
    void trialBalanceAsCsvHasOneRowPerAccountAndATotalRowQuotedAsRfc4180() {
        Books b = projected();
        String csv = reader(b).accept("text/csv").queryParam("currency", "EUR")
                .get(path(b, "trial-balance"))
                .then().statusCode(200).contentType(startsWith("text/csv"))
                .extract().asString();
        assertEquals("""
                currency,line,code,name,type,normal_balance,parent_code,depth,debit,credit,balance,rolled_up_balance\r
                EUR,account,eur:capital,"Capital, ""EUR\""",equity,credit,,0,0.00,500.00,500.00,500.00\r
                EUR,account,eur:cash,Account eur:cash,asset,debit,,0,620.00,0.00,620.00,620.00\r
                EUR,account,eur:sales,Account eur:sales,revenue,credit,,0,0.00,120.00,120.00,120.00\r
                EUR,total,,,,,,,620.00,620.00,,\r
                """, csv);
    }

    @Test
    void balanceSheetRollsUpItsSectionsLetsContraAccountsReduceThemAndBalancesWithCurrentEarnings() {
        Books b = projected();
        reader(b).queryParam("currency", "USD").get(path(b, "balance-sheet"))
                .then().statusCode(200)
                .body("currencies.currency", contains("USD"))
                .body("currencies[0].assets.accounts.code", contains("assets", "assets:cash", "assets:depreciation",
                        "assets:equipment", "assets:receivables", "assets:receivables:alice"))
                .body("currencies[0].assets.accounts.contra", contains(false, false, true, false, false, false))
                .body("currencies[0].assets.accounts.amount", contains("0.00", "750.00", "-100.00", "600.00",
                        "70.00", "250.00"))
                .body("currencies[0].assets.accounts.rolled_up_amount", contains("1570.00", "750.00", "-100.00",
                        "600.00", "320.00", "250.00"))
                .body("currencies[0].assets.total", equalTo("1570.00"))
                .body("currencies[0].liabilities.accounts.code", contains("liabilities", "liabilities:wallets"))
                .body("currencies[0].liabilities.total", equalTo("200.00"))
                .body("currencies[0].equity.accounts.code", contains("equity", "equity:capital"))
                .body("currencies[0].equity.accounts.rolled_up_amount", contains("1000.00", "1000.00"))
                // revenue 720 - 50 returns; expenses 200 rent + 100 depreciation
                .body("currencies[0].equity.current_earnings", equalTo("370.00"))
                .body("currencies[0].equity.total", equalTo("1370.00"))
                .body("currencies[0].total_liabilities_and_equity", equalTo("1570.00"))
                .body("currencies[0].balanced", equalTo(true));

        String csv = reader(b).accept("text/csv").queryParam("currency", "EUR")
                .get(path(b, "balance-sheet"))
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertEquals("""
                currency,section,line,code,name,type,normal_balance,parent_code,depth,contra,amount,rolled_up_amount\r
                EUR,assets,account,eur:cash,Account eur:cash,asset,debit,,0,false,620.00,620.00\r
                EUR,assets,total,,,,,,,,620.00,\r
                EUR,liabilities,total,,,,,,,,0.00,\r
                EUR,equity,account,eur:capital,"Capital, ""EUR\""",equity,credit,,0,false,500.00,500.00\r
                EUR,equity,current_earnings,,,,,,,,120.00,\r
                EUR,equity,total,,,,,,,,620.00,\r
                EUR,liabilities_and_equity,total,,,,,,,,620.00,\r
                """, csv);
    }

    @Test
    void pastReportsDifferByBasisWhereATransactionWasBackDated() {
        Books b = projected();
        // 1 March: the depreciation dated 28 Feb counts on effective time, not on recorded time (recorded 5 Mar);
        // the reversal of 3 March counts on neither
        reader(b).queryParam("currency", "USD").queryParam("as_of", "2026-03-01T00:00:00Z")
                .get(path(b, "balance-sheet"))
                .then().statusCode(200)
                .body("as_of", equalTo("2026-03-01T00:00:00Z"))
                .body("basis", equalTo("effective"))
                .body("currencies[0].assets.total", equalTo("1470.00"))
                .body("currencies[0].assets.accounts.find { it.code == 'assets:cash' }.amount", equalTo("650.00"))
                .body("currencies[0].equity.current_earnings", equalTo("270.00"))
                .body("currencies[0].total_liabilities_and_equity", equalTo("1470.00"))
                .body("currencies[0].balanced", equalTo(true));
        reader(b).queryParam("currency", "USD").queryParam("as_of", "2026-03-01T00:00:00Z")
                .queryParam("basis", "recorded").get(path(b, "balance-sheet"))
                .then().statusCode(200)
                .body("basis", equalTo("recorded"))
                .body("currencies[0].assets.total", equalTo("1570.00"))
                .body("currencies[0].assets.accounts.code", contains("assets", "assets:cash", "assets:equipment",
                        "assets:receivables", "assets:receivables:alice"))
                .body("currencies[0].equity.current_earnings", equalTo("370.00"))
                .body("currencies[0].balanced", equalTo(true));
        // as_of includes its very microsecond: the rent of 15 Feb 09:00
        trialBalanceDebitOf(b, "expenses:rent", "2026-02-15T09:00:00Z", "effective", "300.00");
        trialBalanceDebitOf(b, "expenses:rent", "2026-02-15T08:59:59.999999Z", "effective", null);
        trialBalanceDebitOf(b, "expenses:depreciation", "2026-03-04T00:00:00Z", "effective", "100.00");
        trialBalanceDebitOf(b, "expenses:depreciation", "2026-03-04T00:00:00Z", "recorded", null);
        trialBalanceDebitOf(b, "expenses:depreciation", "2026-03-05T09:00:00Z", "recorded", "100.00");
        // before anything: no account shows
        reader(b).queryParam("as_of", "2025-06-01T00:00:00Z").get(path(b, "trial-balance"))
                .then().statusCode(200)
                .body("currencies.currency", contains("EUR", "USD"))
                .body("currencies[1].accounts", empty())
                .body("currencies[1].total_debits", equalTo("0.00"));
    }

    @Test
    void incomeStatementShowsThePeriodsMovementsAndItsNetIncomeIsTheChangeOfCurrentEarnings() {
        Books b = projected();
        reader(b).queryParam("from", "2026-02-01T00:00:00Z")
                .queryParam("to", "2026-03-01T00:00:00Z").get(path(b, "income-statement"))
                .then().statusCode(200)
                .body("from", equalTo("2026-02-01T00:00:00Z"))
                .body("to", equalTo("2026-03-01T00:00:00Z"))
                .body("basis", equalTo("effective"))
                .body("currencies.currency", contains("EUR", "USD"))
                .body("currencies[0].revenue.accounts.code", contains("eur:sales"))
                .body("currencies[0].net_income", equalTo("120.00"))
                .body("currencies[1].revenue.accounts.code", contains("revenue", "revenue:returns", "revenue:sales"))
                .body("currencies[1].revenue.accounts.amount", contains("0.00", "-50.00", "720.00"))
                .body("currencies[1].revenue.accounts.rolled_up_amount", contains("670.00", "-50.00", "720.00"))
                .body("currencies[1].revenue.accounts.contra", contains(false, true, false))
                .body("currencies[1].revenue.total", equalTo("670.00"))
                .body("currencies[1].expenses.accounts.code", contains("expenses", "expenses:depreciation",
                        "expenses:rent"))
                .body("currencies[1].expenses.accounts.rolled_up_amount", contains("400.00", "100.00", "300.00"))
                .body("currencies[1].expenses.total", equalTo("400.00"))
                .body("currencies[1].net_income", equalTo("270.00"));
        // on recorded time the depreciation belongs to March
        reader(b).queryParam("from", "2026-02-01T00:00:00Z")
                .queryParam("to", "2026-03-01T00:00:00Z").queryParam("basis", "recorded")
                .queryParam("currency", "USD").get(path(b, "income-statement"))
                .then().statusCode(200)
                .body("currencies[0].expenses.total", equalTo("300.00"))
                .body("currencies[0].net_income", equalTo("370.00"));
        // March: the reversal of 100.00 of rent reduces expenses
        reader(b).queryParam("from", "2026-03-01T00:00:00Z")
                .queryParam("to", "2026-04-01T00:00:00Z").queryParam("currency", "USD")
                .get(path(b, "income-statement"))
                .then().statusCode(200)
                .body("currencies[0].revenue.accounts", empty())
                .body("currencies[0].expenses.accounts.code", contains("expenses", "expenses:rent"))
                .body("currencies[0].expenses.total", equalTo("-100.00"))
                .body("currencies[0].net_income", equalTo("100.00"));

        for (String basis : List.of("effective", "recorded")) {
            for (String[] period : List.of(new String[] { "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z" },
                    new String[] { "2026-01-15T00:00:00Z", "2026-03-04T12:00:00Z" },
                    new String[] { "2026-02-28T00:00:00Z", "2026-03-06T00:00:00Z" })) {
                String netIncome = reader(b).queryParam("from", period[0])
                        .queryParam("to", period[1]).queryParam("basis", basis).queryParam("currency", "USD")
                        .get(path(b, "income-statement")).then().statusCode(200)
                        .extract().path("currencies[0].net_income");
                BigDecimal change = currentEarnings(b, justBefore(period[1]), basis)
                        .subtract(currentEarnings(b, justBefore(period[0]), basis));
                assertEquals(0, new BigDecimal(netIncome).compareTo(change), basis + " " + period[0] + " " + period[1]);
            }
        }

        String csv = reader(b).accept("text/csv").queryParam("currency", "EUR")
                .queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2027-01-01T00:00:00Z")
                .get(path(b, "income-statement"))
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertEquals("""
                currency,section,line,code,name,type,normal_balance,parent_code,depth,contra,amount,rolled_up_amount\r
                EUR,revenue,account,eur:sales,Account eur:sales,revenue,credit,,0,false,120.00,120.00\r
                EUR,revenue,total,,,,,,,,120.00,\r
                EUR,expenses,total,,,,,,,,0.00,\r
                EUR,net_income,total,,,,,,,,120.00,\r
                """, csv);
    }

    @Test
    void jsonIsTheDefaultAndAnAcceptOfNeitherFormIsNotAcceptable() {
        Books b = projected();
        given().auth().oauth2(b.ledger.token()).get(path(b, "trial-balance"))
                .then().statusCode(200).contentType("application/json")
                .header("Ledger-Sequence", String.valueOf(b.events.size()));
        given().auth().oauth2(b.ledger.token()).accept("*/*").get(path(b, "trial-balance"))
                .then().statusCode(200).contentType("application/json");
        given().auth().oauth2(b.ledger.token()).accept("text/csv;q=0.5, application/json")
                .get(path(b, "balance-sheet"))
                .then().statusCode(200).contentType("application/json");
        given().auth().oauth2(b.ledger.token()).accept("application/json;q=0.5, text/csv")
                .get(path(b, "balance-sheet"))
                .then().statusCode(200).contentType(startsWith("text/csv"));
        for (String report : List.of("trial-balance", "balance-sheet")) {
            given().auth().oauth2(b.ledger.token()).accept("application/xml").get(path(b, report))
                    .then().statusCode(406).contentType(PROBLEM)
                    .body("code", equalTo("NOT_ACCEPTABLE"));
        }
    }

    @Test
    void badInputIsRefusedWithEveryProblemNamed() {
        Books b = projected();
        reader(b).queryParam("as_of", "yesterday").queryParam("basis", "booked")
                .queryParam("currency", "usd").queryParam("include_zero", "yes")
                .get(path(b, "trial-balance"))
                .then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("as_of", "basis", "currency", "include_zero"))
                .body("errors.message", contains("must be an RFC 3339 date-time with offset, e.g. 2024-01-01T12:00:00Z",
                        "must be effective or recorded",
                        "must be a currency code: 2-16 characters of A-Z 0-9, starting with a letter",
                        "must be true or false"));
        reader(b).queryParam("as_of", "2026-03-01").get(path(b, "balance-sheet"))
                .then().statusCode(400).body("errors.field", contains("as_of"));
        reader(b).get(path(b, "income-statement"))
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", contains("from", "to"))
                .body("errors.message", contains("is required", "is required"));
        reader(b).queryParam("from", "2026-03-01T00:00:00Z")
                .queryParam("to", "2026-02-01T00:00:00Z").get(path(b, "income-statement"))
                .then().statusCode(400)
                .body("errors.field", contains("to"))
                .body("errors.message", contains("must be later than from"));
        reader(b).queryParam("from", "2026-03-01T00:00:00Z").queryParam("as_of", "x")
                .queryParam("to", "2026-04-01T00:00:00Z").get(path(b, "income-statement"))
                .then().statusCode(400)
                .body("errors.field", contains("as_of"))
                .body("errors.message", contains("is not a known query parameter"));
        reader(b).queryParam("currencies", "USD").get(path(b, "trial-balance"))
                .then().statusCode(400).body("errors.field", contains("currencies"));
        // min_sequence is known to every read
        reader(b).queryParam("min_sequence", 1).get(path(b, "trial-balance"))
                .then().statusCode(200);

        TestLedger other = new TestLedger();
        given().auth().oauth2(other.token()).get(path(b, "trial-balance"))
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(TestTokens.token(List.of(b.ledger.id), Scopes.LEDGER_WRITE))
                .get(path(b, "balance-sheet"))
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().get(path(b, "income-statement")).then().statusCode(401);
    }

    private void trialBalanceDebitOf(Books b, String code, String asOf, String basis, String debit) {
        ValidatableResponse response = reader(b).queryParam("currency", "USD")
                .queryParam("as_of", asOf).queryParam("basis", basis).get(path(b, "trial-balance"))
                .then().statusCode(200);
        response.body("currencies[0].accounts.find { it.code == '" + code + "' }?.debit", equalTo(debit));
        response.body("currencies[0].balanced", equalTo(true));
    }

    private BigDecimal currentEarnings(Books b, String asOf, String basis) {
        String earnings = reader(b).queryParam("currency", "USD").queryParam("as_of", asOf)
                .queryParam("basis", basis).get(path(b, "balance-sheet"))
                .then().statusCode(200).body("currencies[0].balanced", equalTo(true))
                .extract().path("currencies[0].equity.current_earnings");
        return new BigDecimal(earnings);
    }

    /** The last microsecond before {@code time}: a balance as of it is the balance before {@code time}. */
    private static String justBefore(String time) {
        return java.time.OffsetDateTime.parse(time).minusNanos(1000).toString();
    }

    private static RequestSpecification reader(Books b) {
        return given().auth().oauth2(b.ledger.token());
    }

    private static String path(Books b, String report) {
        return "/v1/ledgers/" + b.ledger.id + "/reports/" + report;
    }

    private static Event recorded(Event event, String recordedAt) {
        event.envelope().put("recorded_at", recordedAt);
        return event;
    }

    private static JsonObject occurred(String at) {
        return new JsonObject().put("occurred_at", at);
    }

    private long lastSequence(TestLedger ledger) {
        var rows = pool.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1")
                .execute(Tuple.of(ledger.id)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }

    private long count(String sql, Object parameter) {
        var query = pool.preparedQuery(sql);
        var rows = parameter == null ? query.execute().await().atMost(Duration.ofSeconds(10))
                : query.execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10));
        return rows.iterator().next().getLong(0);
    }
}
