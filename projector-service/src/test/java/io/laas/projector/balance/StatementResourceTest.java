package io.laas.projector.balance;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.projector.balance.service.BalanceService;
import io.laas.tenancy.LedgerScope;
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
 * Statements, balances as of a time and balance histories of an account whose history has a back-dated
 * transaction, a hold committed in part and a reversal in part, published as the ledger core emits them; and
 * the problems of bad input.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class StatementResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    @Inject
    BalanceService balances;

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /**
     * The wallet (liability, credit-normal), recorded in this order: funded 100.00 on 1 March 09:00; 30.00 spent
     * on 2 March; 50.00 held on 3 March, 40.00 of it committed on 4 March 12:00; on 5 March a credit of 25.00
     * back-dated to 1 March 12:00; on 6 March 10.00 of the spending reversed.
     */
    private static final class History {
        final TestLedger ledger = new TestLedger();
        final UUID funding = UUID.randomUUID();
        final UUID spending = UUID.randomUUID();
        final UUID hold = UUID.randomUUID();
        final UUID backDated = UUID.randomUUID();
        final UUID reversal = UUID.randomUUID();
        final List<Event> events;

        History() {
            events = List.of(
                    ledger.account("wallet", "liability"),
                    ledger.account("cash", "asset"),
                    recorded(ledger.transaction("transaction.posted", funding, occurred("2026-03-01T09:00:00Z"),
                            ledger.posting("cash", "debit", "100.00"), ledger.posting("wallet", "credit", "100.00")),
                            "2026-03-01T09:00:00Z"),
                    recorded(ledger.transaction("transaction.posted", spending, occurred("2026-03-02T10:00:00Z"),
                            ledger.posting("wallet", "debit", "30.00"), ledger.posting("cash", "credit", "30.00")),
                            "2026-03-02T10:00:00Z"),
                    recorded(ledger.transaction("transaction.pending", hold, occurred("2026-03-03T08:00:00Z"),
                            ledger.posting("wallet", "debit", "50.00"), ledger.posting("cash", "credit", "50.00")),
                            "2026-03-03T08:00:00Z"),
                    recorded(committed(ledger, hold, "2026-03-04T12:00:00Z",
                            ledger.posting("wallet", "debit", "40.00"), ledger.posting("cash", "credit", "40.00")),
                            "2026-03-04T12:00:00Z"),
                    recorded(ledger.transaction("transaction.posted", backDated, occurred("2026-03-01T12:00:00Z"),
                            ledger.posting("cash", "debit", "25.00"), ledger.posting("wallet", "credit", "25.00")),
                            "2026-03-05T09:00:00Z"),
                    recorded(ledger.transaction("transaction.reversed", reversal,
                            occurred("2026-03-06T10:00:00Z").put("reversal_of", spending.toString()),
                            ledger.posting("wallet", "credit", "10.00").put("original_posting", 0),
                            ledger.posting("cash", "debit", "10.00").put("original_posting", 1)),
                            "2026-03-06T10:00:00Z"));
        }

        History sent() {
            TestLedger.sendAll(events);
            return this;
        }
    }

    private History projected() {
        History history = new History().sent();
        await().atMost(WAIT).until(() -> lastSequence(history.ledger) == history.events.size());
        return history;
    }

    @Test
    void statementListsEveryPostingInEffectiveOrderWithItsRunningBalanceAcrossPages() {
        History h = projected();
        String cursor = statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z")
                .queryParam("limit", 2).get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200)
                .body("account_id", equalTo(h.ledger.accountId("wallet").toString()))
                .body("account_code", equalTo("wallet"))
                .body("currency", equalTo("USD"))
                .body("normal_balance", equalTo("credit"))
                .body("basis", equalTo("effective"))
                .body("from", equalTo("2026-03-01T00:00:00Z"))
                .body("to", equalTo("2026-03-07T00:00:00Z"))
                .body("opening_balance", equalTo("0.00"))
                .body("closing_balance", equalTo("65.00"))
                .body("total_debits", equalTo("70.00"))
                .body("total_credits", equalTo("135.00"))
                .body("pending.debits", equalTo("0.00"))
                .body("pending.credits", equalTo("0.00"))
                .body("data.transaction_id", contains(h.funding.toString(), h.backDated.toString()))
                .body("data.balance", contains("100.00", "125.00"))
                .body("data.effective_at", contains("2026-03-01T09:00:00Z", "2026-03-01T12:00:00Z"))
                .body("data.recorded_at", contains("2026-03-01T09:00:00Z", "2026-03-05T09:00:00Z"))
                .body("data.direction", contains("credit", "credit"))
                .body("data.amount", contains("100.00", "25.00"))
                .body("data.posting", contains(1, 1))
                .body("data.sequence", contains(3, 7))
                .body("data.event_type", contains("transaction.posted", "transaction.posted"))
                .body("next_cursor", notNullValue())
                .extract().path("next_cursor");
        // The hold is no posting; its commit posts the 40.00 committed at the commit's time.
        cursor = statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z")
                .queryParam("limit", 2).queryParam("cursor", cursor).get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200)
                .body("opening_balance", equalTo("0.00"))
                .body("closing_balance", equalTo("65.00"))
                .body("data.transaction_id", contains(h.spending.toString(), h.hold.toString()))
                .body("data.event_type", contains("transaction.posted", "transaction.committed"))
                .body("data.effective_at", contains("2026-03-02T10:00:00Z", "2026-03-04T12:00:00Z"))
                .body("data.amount", contains("30.00", "40.00"))
                .body("data.balance", contains("95.00", "55.00"))
                .extract().path("next_cursor");
        statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z")
                .queryParam("limit", 2).queryParam("cursor", cursor).get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200)
                .body("data.transaction_id", contains(h.reversal.toString()))
                .body("data.event_type", contains("transaction.reversed"))
                .body("data.posting", contains(0))
                .body("data.balance", contains("65.00"))
                .body("next_cursor", nullValue());

        // The same postings on the cash account (debit-normal), in one page.
        statement(h.ledger, "cash", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z")
                .get(path(h.ledger, "cash", "statement"))
                .then().statusCode(200)
                .body("normal_balance", equalTo("debit"))
                .body("data.balance", contains("100.00", "125.00", "95.00", "55.00", "65.00"))
                .body("closing_balance", equalTo("65.00"))
                .body("next_cursor", nullValue());
    }

    @Test
    void statementOfAPartOfTheHistoryOpensWithTheBalanceBeforeItAndShowsWhatWasHeldAtItsEnd() {
        History h = projected();
        statement(h.ledger, "wallet", "2026-03-02T00:00:00Z", "2026-03-04T00:00:00Z")
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200)
                .body("opening_balance", equalTo("125.00")) // the back-dated credit counts before 2 March
                .body("data.amount", contains("30.00"))
                .body("data.balance", contains("95.00"))
                .body("closing_balance", equalTo("95.00"))
                .body("total_debits", equalTo("30.00"))
                .body("total_credits", equalTo("0.00"))
                .body("pending.debits", equalTo("50.00"))
                .body("pending.credits", equalTo("0.00"));
        // A posting at exactly `to` belongs to the next statement.
        statement(h.ledger, "wallet", "2026-03-04T00:00:00Z", "2026-03-04T12:00:00Z")
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200)
                .body("data", empty())
                .body("opening_balance", equalTo("95.00"))
                .body("closing_balance", equalTo("95.00"))
                .body("pending.debits", equalTo("50.00"));
        statement(h.ledger, "wallet", "2026-03-04T12:00:00Z", "2026-03-05T00:00:00Z")
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200)
                .body("data.amount", contains("40.00"))
                .body("closing_balance", equalTo("55.00"))
                .body("pending.debits", equalTo("0.00"));
    }

    @Test
    void recordedStatementShowsThePostingsInTheOrderTheLedgerRecordedThem() {
        History h = projected();
        String cursor = statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z")
                .queryParam("basis", "recorded").queryParam("limit", 3).get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200)
                .body("basis", equalTo("recorded"))
                .body("data.transaction_id", contains(h.funding.toString(), h.spending.toString(), h.hold.toString()))
                .body("data.balance", contains("100.00", "70.00", "30.00"))
                .body("closing_balance", equalTo("65.00"))
                .extract().path("next_cursor");
        statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z")
                .queryParam("basis", "recorded").queryParam("limit", 3).queryParam("cursor", cursor)
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200)
                .body("data.transaction_id", contains(h.backDated.toString(), h.reversal.toString()))
                .body("data.balance", contains("55.00", "65.00"))
                .body("next_cursor", nullValue());
        statement(h.ledger, "wallet", "2026-03-02T00:00:00Z", "2026-03-05T12:00:00Z")
                .queryParam("basis", "recorded").get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200)
                .body("opening_balance", equalTo("100.00"))
                .body("data.balance", contains("70.00", "30.00", "55.00"))
                .body("closing_balance", equalTo("55.00"));
        // A cursor of one basis is not one of the other.
        statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z")
                .queryParam("cursor", cursor).get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void statementAsCsvHoldsTheWholePeriodWithTheSameFiguresAsJson() {
        History h = projected();
        String csv = statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z")
                .accept("text/csv").get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertEquals(String.join("\r\n",
                "account_code,currency,line,effective_at,recorded_at,transaction_id,posting,sequence,event_type,"
                        + "direction,amount,balance",
                "wallet,USD,opening,,,,,,,,,0.00",
                "wallet,USD,posting,2026-03-01T09:00:00Z,2026-03-01T09:00:00Z," + h.funding
                        + ",1,3,transaction.posted,credit,100.00,100.00",
                "wallet,USD,posting,2026-03-01T12:00:00Z,2026-03-05T09:00:00Z," + h.backDated
                        + ",1,7,transaction.posted,credit,25.00,125.00",
                "wallet,USD,posting,2026-03-02T10:00:00Z,2026-03-02T10:00:00Z," + h.spending
                        + ",0,4,transaction.posted,debit,30.00,95.00",
                "wallet,USD,posting,2026-03-04T12:00:00Z,2026-03-04T12:00:00Z," + h.hold
                        + ",0,6,transaction.committed,debit,40.00,55.00",
                "wallet,USD,posting,2026-03-06T10:00:00Z,2026-03-06T10:00:00Z," + h.reversal
                        + ",0,8,transaction.reversed,credit,10.00,65.00",
                "wallet,USD,total,,,,,,,debit,70.00,",
                "wallet,USD,total,,,,,,,credit,135.00,",
                "wallet,USD,pending,,,,,,,debit,0.00,",
                "wallet,USD,pending,,,,,,,credit,0.00,",
                "wallet,USD,closing,,,,,,,,,65.00") + "\r\n", csv);

        // A part of the history, on recorded time: what was held at its end shows.
        String part = statement(h.ledger, "wallet", "2026-03-02T00:00:00Z", "2026-03-04T00:00:00Z")
                .queryParam("basis", "recorded").accept("application/json;q=0.5, text/csv")
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertEquals(String.join("\r\n",
                "account_code,currency,line,effective_at,recorded_at,transaction_id,posting,sequence,event_type,"
                        + "direction,amount,balance",
                "wallet,USD,opening,,,,,,,,,100.00",
                "wallet,USD,posting,2026-03-02T10:00:00Z,2026-03-02T10:00:00Z," + h.spending
                        + ",0,4,transaction.posted,debit,30.00,70.00",
                "wallet,USD,total,,,,,,,debit,30.00,",
                "wallet,USD,total,,,,,,,credit,0.00,",
                "wallet,USD,pending,,,,,,,debit,50.00,",
                "wallet,USD,pending,,,,,,,credit,0.00,",
                "wallet,USD,closing,,,,,,,,,70.00") + "\r\n", part);

        // JSON stays the default, and the first preference wins.
        statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z")
                .accept("text/csv;q=0.5, application/json").get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(200).contentType(startsWith("application/json")).body("closing_balance", equalTo("65.00"));
    }

    @Test
    void csvStatementRefusesPagingAndOtherRepresentations() {
        History h = projected();
        statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z").queryParam("limit", 2)
                .queryParam("cursor", "abc").accept("text/csv").get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("limit", "cursor"))
                .body("errors[0].message", equalTo("is not taken with Accept: text/csv, which answers the whole period"));
        given().auth().oauth2(h.ledger.token()).queryParam("from", "2026-03-07T00:00:00Z")
                .queryParam("to", "2026-03-01T00:00:00Z").accept("text/csv")
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("to"));
        statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z").accept("application/xml")
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(406).contentType(PROBLEM).body("code", equalTo("NOT_ACCEPTABLE"));
        statement(h.ledger, "nobody", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z").accept("text/csv")
                .get(path(h.ledger, "nobody", "statement"))
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("ACCOUNT_NOT_FOUND"));
    }

    @Test
    void wholeStatementReadsPageAfterPageAndStopsAtItsBound() {
        History h = projected();
        OffsetDateTime from = OffsetDateTime.parse("2026-03-01T00:00:00Z");
        OffsetDateTime to = OffsetDateTime.parse("2026-03-07T00:00:00Z");
        Statement all = balances.wholeStatement(h.ledger.id, "wallet", Basis.EFFECTIVE, from, to, 2, 5)
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of("100.00", "125.00", "95.00", "55.00", "65.00"),
                all.lines().stream().map(line -> line.balance().toPlainString()).toList());
        assertNull(all.next());
        Statement bounded = balances.wholeStatement(h.ledger.id, "wallet", Basis.RECORDED, from, to, 2, 4)
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of(h.funding, h.spending, h.hold, h.backDated),
                bounded.lines().stream().map(Statement.Line::transactionId).toList());
        assertNotNull(bounded.next());
    }

    @Test
    void balancesAsOfATimeOnEffectiveAndRecordedTime() {
        History h = projected();
        // Before the back-dated credit was recorded, the ledger showed 100.00; effective on 1 March it counts.
        asOf(h.ledger, "wallet", "2026-03-02T00:00:00Z", null)
                .body("balance", equalTo("125.00"))
                .body("credits", equalTo("125.00"))
                .body("debits", equalTo("0.00"))
                .body("balances.posted", equalTo("125.00"));
        asOf(h.ledger, "wallet", "2026-03-02T00:00:00Z", "recorded").body("balance", equalTo("100.00"));
        // While the hold is pending: held on both bases.
        asOf(h.ledger, "wallet", "2026-03-03T09:00:00Z", "effective")
                .body("balance", equalTo("95.00"))
                .body("balances.pending_debits", equalTo("50.00"))
                .body("balances.available", equalTo("45.00"));
        asOf(h.ledger, "wallet", "2026-03-03T09:00:00+01:00", "recorded")
                .body("balance", equalTo("70.00"))
                .body("balances.pending_debits", equalTo("50.00"))
                .body("balances.available", equalTo("20.00"));
        // The commit's own instant includes it.
        asOf(h.ledger, "wallet", "2026-03-04T12:00:00Z", null)
                .body("balance", equalTo("55.00"))
                .body("balances.pending_debits", equalTo("0.00"));
        asOf(h.ledger, "wallet", "2026-03-04T11:59:59.999999Z", null).body("balance", equalTo("95.00"));
        asOf(h.ledger, "wallet", "2026-03-05T08:59:59Z", "recorded").body("balance", equalTo("30.00"));
        asOf(h.ledger, "wallet", "2026-02-28T00:00:00Z", null).body("balance", equalTo("0.00"));
        // Now: the account's own totals.
        asOf(h.ledger, "wallet", "2030-01-01T00:00:00Z", "recorded")
                .body("balance", equalTo("65.00")).body("debits", equalTo("70.00")).body("credits", equalTo("135.00"));
        given().auth().oauth2(h.ledger.token()).get("/v1/ledgers/{l}/accounts/{c}", h.ledger.id, "wallet")
                .then().statusCode(200).body("balance", equalTo("65.00"));

        // The list, as of a time, on both bases.
        given().auth().oauth2(h.ledger.token()).queryParam("as_of", "2026-03-02T00:00:00Z")
                .get("/v1/ledgers/{l}/accounts", h.ledger.id)
                .then().statusCode(200)
                .body("data.code", contains("cash", "wallet"))
                .body("data.balance", contains("125.00", "125.00"));
        given().auth().oauth2(h.ledger.token()).queryParam("as_of", "2026-03-03T09:00:00Z")
                .queryParam("basis", "recorded")
                .get("/v1/ledgers/{l}/accounts", h.ledger.id)
                .then().statusCode(200)
                .body("data.balance", contains("70.00", "70.00"))
                .body("data.balances.pending_credits", contains("50.00", "0.00"))
                .body("data.balances.available", contains("20.00", "20.00"));
    }

    @Test
    void balanceHistoryGivesTheBalanceAtTheEndOfEachInterval() {
        History h = projected();
        history(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z", "day", null)
                .body("basis", equalTo("effective"))
                .body("interval", equalTo("day"))
                .body("opening_balance", equalTo("0.00"))
                .body("points.at", contains("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z",
                        "2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z", "2026-03-07T00:00:00Z"))
                .body("points.balance", contains("125.00", "95.00", "95.00", "55.00", "55.00", "65.00"));
        history(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z", "day", "recorded")
                .body("points.balance", contains("100.00", "70.00", "70.00", "30.00", "55.00", "65.00"));
        // Hours, the last interval cut short at `to`.
        history(h.ledger, "wallet", "2026-03-01T08:30:00Z", "2026-03-01T12:15:00Z", "hour", null)
                .body("opening_balance", equalTo("0.00"))
                .body("points.at", contains("2026-03-01T09:30:00Z", "2026-03-01T10:30:00Z", "2026-03-01T11:30:00Z",
                        "2026-03-01T12:15:00Z"))
                .body("points.balance", contains("100.00", "100.00", "100.00", "125.00"));
        history(h.ledger, "cash", "2026-03-02T00:00:00Z", "2026-03-04T00:00:00Z", null, null)
                .body("interval", equalTo("day"))
                .body("opening_balance", equalTo("125.00"))
                .body("points.balance", contains("95.00", "95.00"));
    }

    @Test
    void badInputIsAnsweredWithPreciseProblems() {
        History h = projected();
        RequestSpecification auth = given().auth().oauth2(h.ledger.token());
        auth.queryParam("from", "2026-03-01T00:00:00Z").queryParam("to", "2026-03-07T00:00:00Z")
                .get(path(h.ledger, "nobody", "statement"))
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("ACCOUNT_NOT_FOUND"));
        given().auth().oauth2(h.ledger.token()).queryParam("from", "2026-03-01T00:00:00Z")
                .queryParam("to", "2026-03-07T00:00:00Z")
                .get(path(h.ledger, "nobody", "balance-history"))
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("ACCOUNT_NOT_FOUND"));
        given().auth().oauth2(h.ledger.token()).queryParam("as_of", "2026-03-01T00:00:00Z")
                .get("/v1/ledgers/{l}/accounts/{c}", h.ledger.id, "nobody")
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("ACCOUNT_NOT_FOUND"));

        given().auth().oauth2(h.ledger.token()).queryParam("from", "1 March").queryParam("to", "2026-03-07")
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("from", "to"))
                .body("errors[0].message", startsWith("must be an RFC 3339 date-time with offset"));
        given().auth().oauth2(h.ledger.token()).get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(400)
                .body("errors.field", contains("from", "to"))
                .body("errors.message", contains("is required", "is required"));
        given().auth().oauth2(h.ledger.token()).queryParam("from", "2026-03-07T00:00:00Z")
                .queryParam("to", "2026-03-01T00:00:00Z").queryParam("basis", "booked")
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("to", "basis"))
                .body("errors.message", contains("must be later than from", "must be effective or recorded"));
        statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z").queryParam("limit", 1001)
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(400).body("errors[0].field", equalTo("limit"))
                .body("errors[0].message", equalTo("must be an integer between 1 and 1000"));
        statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z").queryParam("cursor", "bm9wZQ")
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));

        given().auth().oauth2(h.ledger.token()).queryParam("from", "2026-01-01T00:00:00Z")
                .queryParam("to", "2026-03-01T00:00:00Z").queryParam("interval", "hour")
                .get(path(h.ledger, "wallet", "balance-history"))
                .then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("interval"))
                .body("errors[0].message", equalTo("gives 1416 points from 2026-01-01T00:00:00Z to 2026-03-01T00:00:00Z, at most 1000: use a longer interval or a shorter range"));
        given().auth().oauth2(h.ledger.token()).queryParam("from", "0001-01-01T00:00:00Z")
                .queryParam("to", "9999-12-31T23:59:59.999999Z")
                .get(path(h.ledger, "wallet", "balance-history"))
                .then().statusCode(400)
                .body("errors[0].field", equalTo("interval"))
                .body("errors[0].message", startsWith("gives 3652059 points"));
        given().auth().oauth2(h.ledger.token()).queryParam("from", "2026-01-01T00:00:00Z")
                .queryParam("to", "2026-03-01T00:00:00Z").queryParam("interval", "week")
                .get(path(h.ledger, "wallet", "balance-history"))
                .then().statusCode(400)
                .body("errors[0].field", equalTo("interval"))
                .body("errors[0].message", equalTo("must be day or hour"));
        given().auth().oauth2(h.ledger.token()).queryParam("as_of", "yesterday").queryParam("basis", "x")
                .get("/v1/ledgers/{l}/accounts/{c}", h.ledger.id, "wallet")
                .then().statusCode(400)
                .body("errors.field", contains("as_of", "basis"));
        given().auth().oauth2(h.ledger.token()).queryParam("as_of", "-10000-01-01T00:00:00Z")
                .get("/v1/ledgers/{l}/accounts/{c}", h.ledger.id, "wallet")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("as_of"))
                .body("errors[0].message", equalTo("must be between the years 0001 and 9999"));
        statement(h.ledger, "wallet", "2026-03-01T00:00:00Z", "2026-03-07T00:00:00Z")
                .queryParam("cursor", java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString("stme1:-9223372036854775807:1:0".getBytes()))
                .get(path(h.ledger, "wallet", "statement"))
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        given().auth().oauth2(h.ledger.token()).queryParam("as_of", "2026-03-01")
                .get("/v1/ledgers/{l}/accounts", h.ledger.id)
                .then().statusCode(400)
                .body("errors.field", contains("as_of"));
    }

    @Test
    void everyEntryIsWrittenOnceAndTheCheckpointsAddUpToTheAccountsTotals() {
        History h = projected();
        // 2 postings per posted transaction (funding, spending, back-dated, reversal), the hold's 2 and its commit's 2
        assertEquals(12L, count("SELECT count(*) FROM account_entries WHERE account_id = ANY($1)",
                new UUID[] { h.ledger.accountId("wallet"), h.ledger.accountId("cash") }));
        for (String code : List.of("wallet", "cash")) {
            UUID account = h.ledger.accountId(code);
            assertEquals(0L, count("""
                    SELECT count(*) FROM accounts a,
                         LATERAL (SELECT * FROM account_entries e WHERE e.account_id = a.id
                                  ORDER BY recorded_at DESC, sequence DESC, position DESC LIMIT 1) l
                    WHERE a.id = $1 AND (a.debits, a.credits, a.pending_debits, a.pending_credits)
                          IS DISTINCT FROM (l.debits, l.credits, l.pending_debits, l.pending_credits)""", account));
            assertEquals(1L, count("SELECT count(*) FROM account_checkpoints WHERE account_id = $1", account));
            assertEquals(6L, count("SELECT entries FROM account_checkpoints WHERE account_id = $1", account));
        }
    }

    private static Event recorded(Event event, String recordedAt) {
        event.envelope().put("recorded_at", recordedAt);
        return event;
    }

    private static JsonObject occurred(String at) {
        return new JsonObject().put("occurred_at", at);
    }

    private static Event committed(TestLedger ledger, UUID hold, String at, JsonObject... postings) {
        Event commit = ledger.committed(hold, postings);
        commit.envelope().getJsonObject("data").put("occurred_at", at);
        return commit;
    }

    private static String path(TestLedger ledger, String code, String what) {
        return "/v1/ledgers/" + ledger.id + "/accounts/" + code + "/" + what;
    }

    private static RequestSpecification statement(TestLedger ledger, String code, String from, String to) {
        return given().auth().oauth2(ledger.token()).queryParam("from", from).queryParam("to", to);
    }

    private static ValidatableResponse asOf(TestLedger ledger, String code, String at, String basis) {
        RequestSpecification request = given().auth().oauth2(ledger.token()).queryParam("as_of", at);
        if (basis != null) {
            request.queryParam("basis", basis);
        }
        return request.get("/v1/ledgers/{l}/accounts/{c}", ledger.id, code).then().statusCode(200)
                .body("code", equalTo(code));
    }

    private static ValidatableResponse history(TestLedger ledger, String code, String from, String to,
            String interval, String basis) {
        RequestSpecification request = given().auth().oauth2(ledger.token()).queryParam("from", from)
                .queryParam("to", to);
        if (interval != null) {
            request.queryParam("interval", interval);
        }
        if (basis != null) {
            request.queryParam("basis", basis);
        }
        return request.get(path(ledger, code, "balance-history")).then().statusCode(200)
                .body("account_code", equalTo(code))
                .body("points", hasSize(org.hamcrest.Matchers.greaterThan(0)));
    }

    private long lastSequence(TestLedger ledger) {
        var rows = pool.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1")
                .execute(Tuple.of(ledger.id)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }

    private long count(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
