package io.laas.projector.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Holds, commits, voids and reversals, published as the ledger core emits them (docs/events.md): what they do to
 * balances, versions and transactions, in the API and in the read model; and the ones the read model cannot take.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class LifecycleProjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EXPIRES = "2026-11-21T10:15:30.123456Z";

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** wallet (liability) and cash (asset), with 100.00 in the wallet, at version 1 each. */
    private static TestLedger funded() {
        TestLedger ledger = new TestLedger();
        ledger.account("wallet", "liability").send();
        ledger.account("cash", "asset").send();
        ledger.transaction("transaction.posted", UUID.randomUUID(), new JsonObject(),
                ledger.posting("cash", "debit", "100.00").put("account_version", 1),
                ledger.posting("wallet", "credit", "100.00").put("account_version", 1)).send();
        return ledger;
    }

    @Test
    void pendingTransactionHoldsItsAmountsAndItsFullCommitPostsThem() {
        TestLedger ledger = funded();
        UUID hold = UUID.randomUUID();
        ledger.transaction("transaction.pending", hold, new JsonObject().put("expires_at", EXPIRES),
                ledger.posting("wallet", "debit", "30.00"), ledger.posting("cash", "credit", "30.00")).send();

        await().atMost(WAIT).untilAsserted(() -> transaction(ledger, hold).statusCode(200)
                .body("status", equalTo("pending"))
                .body("expires_at", equalTo(EXPIRES))
                .body("committed_at", nullValue())
                .body("postings.amount", contains("30.00", "30.00"))
                .body("postings.pending_amount", contains("30.00", "30.00"))
                .body("postings.released", contains(nullValue(), nullValue())));
        account(ledger, "wallet")
                .body("balance", equalTo("100.00"))
                .body("debits", equalTo("0.00"))
                .body("balances.posted", equalTo("100.00"))
                .body("balances.pending_debits", equalTo("30.00"))
                .body("balances.pending_credits", equalTo("0.00"))
                .body("balances.available", equalTo("70.00"))
                .body("version", equalTo(1));
        account(ledger, "cash")
                .body("balance", equalTo("100.00"))
                .body("balances.pending_credits", equalTo("30.00"))
                .body("balances.available", equalTo("70.00"))
                .body("version", equalTo(1));
        given().auth().oauth2(ledger.token()).queryParam("status", "pending")
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(200).body("data.id", contains(hold.toString()));

        Event commit = ledger.committed(hold, ledger.posting("wallet", "debit", "30.00").put("account_version", 2),
                ledger.posting("cash", "credit", "30.00").put("account_version", 2)).send();

        await().atMost(WAIT).untilAsserted(() -> transaction(ledger, hold)
                .body("status", equalTo("posted"))
                .body("committed_at", equalTo("2026-11-21T08:00:00.000001Z"))
                .body("postings.amount", contains("30.00", "30.00"))
                .body("postings.pending_amount", contains("30.00", "30.00"))
                .body("postings.released", contains("0.00", "0.00")));
        account(ledger, "wallet")
                .body("balance", equalTo("70.00"))
                .body("debits", equalTo("30.00"))
                .body("credits", equalTo("100.00"))
                .body("balances.pending_debits", equalTo("0.00"))
                .body("balances.available", equalTo("70.00"))
                .body("version", equalTo(2));
        account(ledger, "cash").body("balance", equalTo("70.00")).body("balances.pending_credits", equalTo("0.00"));
        given().auth().oauth2(ledger.token()).queryParam("status", "pending")
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(200).body("data", empty());

        Row wallet = accountRow(ledger, "wallet");
        assertEquals(2L, wallet.getLong("version"));
        assertEquals(commit.sequence(), wallet.getLong("last_sequence"));
        assertEquals(0, wallet.getBigDecimal("pending_debits").signum());
    }

    @Test
    void partialCommitPostsPartOfEachHoldReleasesTheRestAndAZeroCommitLeavesTheVersion() {
        TestLedger ledger = funded();
        ledger.account("merchant", "liability").send();
        ledger.account("fees", "revenue").send();
        UUID hold = UUID.randomUUID();
        // Older events: no account_version, each posted posting counts one version.
        ledger.transaction("transaction.pending", hold, new JsonObject(),
                ledger.posting("wallet", "debit", "50.00"), ledger.posting("merchant", "credit", "45.00"),
                ledger.posting("fees", "credit", "5.00")).send();
        await().atMost(WAIT).untilAsserted(() -> account(ledger, "merchant")
                .body("balances.pending_credits", equalTo("45.00")));
        account(ledger, "merchant")
                .body("balance", equalTo("0.00"))
                .body("balances.available", equalTo("0.00")); // held inflows are not available
        account(ledger, "wallet").body("balances.available", equalTo("50.00"));

        ledger.committed(hold, ledger.posting("wallet", "debit", "40.00"), ledger.posting("merchant", "credit", "40.00"),
                ledger.posting("fees", "credit", "0.00")).send();

        await().atMost(WAIT).untilAsserted(() -> transaction(ledger, hold)
                .body("status", equalTo("posted"))
                .body("postings.account_code", contains("wallet", "merchant", "fees"))
                .body("postings.amount", contains("40.00", "40.00", "0.00"))
                .body("postings.pending_amount", contains("50.00", "45.00", "5.00"))
                .body("postings.released", contains("10.00", "5.00", "5.00")));
        account(ledger, "wallet")
                .body("balance", equalTo("60.00"))
                .body("balances.pending_debits", equalTo("0.00"))
                .body("balances.available", equalTo("60.00"))
                .body("version", equalTo(2));
        account(ledger, "merchant")
                .body("balance", equalTo("40.00"))
                .body("balances.pending_credits", equalTo("0.00"))
                .body("balances.available", equalTo("40.00"))
                .body("version", equalTo(1));
        account(ledger, "fees")
                .body("balance", equalTo("0.00"))
                .body("balances.pending_credits", equalTo("0.00"))
                .body("version", equalTo(0));
        assertEquals(List.of("40.00", "40.00", "0.00"), postingColumn(hold, "amount"));
        assertEquals(List.of("10.00", "5.00", "5.00"), postingColumn(hold, "released"));
    }

    @Test
    void expiredHoldIsVoidedAndReleasesWhatItHeld() {
        TestLedger ledger = funded();
        UUID hold = UUID.randomUUID();
        ledger.transaction("transaction.pending", hold, new JsonObject().put("expires_at", EXPIRES),
                ledger.posting("wallet", "debit", "20.00"), ledger.posting("cash", "credit", "20.00")).send();
        ledger.voided(hold, "expired").send();

        await().atMost(WAIT).untilAsserted(() -> transaction(ledger, hold)
                .body("status", equalTo("voided"))
                .body("void_reason", equalTo("expired"))
                .body("voided_at", equalTo("2026-11-22T09:30:00.000002Z"))
                .body("committed_at", nullValue())
                .body("postings.amount", contains("20.00", "20.00"))
                .body("postings.released", contains("20.00", "20.00")));
        account(ledger, "wallet")
                .body("balance", equalTo("100.00"))
                .body("balances.pending_debits", equalTo("0.00"))
                .body("balances.available", equalTo("100.00"))
                .body("version", equalTo(1));
        given().auth().oauth2(ledger.token()).queryParam("status", "voided")
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(200).body("data.id", contains(hold.toString()));
        given().auth().oauth2(ledger.token()).queryParam("status", "posted")
                .get("/v1/ledgers/{l}/transactions", ledger.id)
                .then().statusCode(200).body("data.size()", equalTo(1)).body("data[0].status", equalTo("posted"));
    }

    @Test
    void reversalsInPartThenInFullAreListedOnTheOriginalWithTheAmountsTheyReversed() {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        ledger.account("revenue", "revenue").send();
        UUID original = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        ledger.transaction("transaction.posted", original, new JsonObject(),
                ledger.posting("cash", "debit", "100.00"), ledger.posting("revenue", "credit", "100.00")).send();
        // The first names the postings it mirrors, in another order; the second mirrors them in order.
        ledger.transaction("transaction.reversed", first, new JsonObject().put("reversal_of", original.toString()),
                ledger.posting("revenue", "debit", "30.00").put("original_posting", 1),
                ledger.posting("cash", "credit", "30.00").put("original_posting", 0)).send();
        await().atMost(WAIT).untilAsserted(() -> transaction(ledger, original)
                .body("reversed_by", contains(first.toString()))
                .body("postings.reversed_amount", contains("30.00", "30.00")));
        account(ledger, "cash").body("balance", equalTo("70.00"));

        ledger.transaction("transaction.reversed", second, new JsonObject().put("reversal_of", original.toString()),
                ledger.posting("cash", "credit", "70.00"), ledger.posting("revenue", "debit", "70.00")).send();

        await().atMost(WAIT).untilAsserted(() -> transaction(ledger, original)
                .body("status", equalTo("posted"))
                .body("reversal_of", nullValue())
                .body("reversed_by", contains(first.toString(), second.toString()))
                .body("postings.amount", contains("100.00", "100.00"))
                .body("postings.reversed_amount", contains("100.00", "100.00")));
        transaction(ledger, first)
                .body("status", equalTo("posted"))
                .body("reversal_of", equalTo(original.toString()))
                .body("reversed_by", empty())
                .body("postings.original_posting", contains(1, 0));
        transaction(ledger, second).body("postings.original_posting", contains(0, 1));
        account(ledger, "cash").body("balance", equalTo("0.00")).body("version", equalTo(3));
        account(ledger, "revenue").body("balance", equalTo("0.00")).body("debits", equalTo("100.00"))
                .body("version", equalTo(3));
        assertEquals(List.of("100.00", "100.00"), postingColumn(original, "reversed_amount"));
    }

    @Test
    void reversingMoreThanWasPostedIsRecordedAsFailedAndStopsTheLedger() {
        TestLedger ledger = new TestLedger();
        ledger.account("cash", "asset").send();
        ledger.account("revenue", "revenue").send();
        UUID original = UUID.randomUUID();
        ledger.transaction("transaction.posted", original, new JsonObject(),
                ledger.posting("cash", "debit", "10.00"), ledger.posting("revenue", "credit", "10.00")).send();
        ledger.transaction("transaction.reversed", UUID.randomUUID(),
                new JsonObject().put("reversal_of", original.toString()),
                ledger.posting("cash", "credit", "6.00"), ledger.posting("revenue", "debit", "6.00")).send();
        UUID tooMuch = UUID.randomUUID();
        Event refused = ledger.transaction("transaction.reversed", tooMuch,
                new JsonObject().put("reversal_of", original.toString()),
                ledger.posting("cash", "credit", "5.00"), ledger.posting("revenue", "debit", "5.00")).send();
        ledger.account("later", "asset").send();

        String reason = awaitFailure(ledger, refused);
        assertTrue(reason.contains("brings the reversed amount of posting 0 of transaction " + original
                + " to 11.00, beyond its amount 10.00"), reason);
        assertEquals(refused.sequence() - 1, lastSequence(ledger));
        transaction(ledger, original).body("postings.reversed_amount", contains("6.00", "6.00"));
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/transactions/{t}", ledger.id, tooMuch)
                .then().statusCode(404);
        account(ledger, "cash").body("balance", equalTo("4.00"));
    }

    @Test
    void commitOfATransactionTheLedgerDoesNotHoldIsRecordedAsFailed() {
        TestLedger ledger = funded();
        UUID unknown = UUID.randomUUID();
        Event refused = ledger.committed(unknown, ledger.posting("wallet", "debit", "1.00"),
                ledger.posting("cash", "credit", "1.00")).send();

        String reason = awaitFailure(ledger, refused);
        assertEquals("transaction.committed commits transaction " + unknown + " which ledger " + ledger.id
                + " does not have", reason);
        assertEquals(refused.sequence() - 1, lastSequence(ledger));
    }

    @Test
    void commitOfMoreThanIsHeldIsRecordedAsFailedAndTheHoldStays() {
        TestLedger ledger = funded();
        UUID hold = UUID.randomUUID();
        ledger.transaction("transaction.pending", hold, new JsonObject(),
                ledger.posting("wallet", "debit", "10.00"), ledger.posting("cash", "credit", "10.00")).send();
        Event refused = ledger.committed(hold, ledger.posting("wallet", "debit", "12.00"),
                ledger.posting("cash", "credit", "12.00")).send();

        String reason = awaitFailure(ledger, refused);
        assertEquals("posting 0 of the commit of transaction " + hold + " posts 12.00, more than the 10.00 held",
                reason);
        transaction(ledger, hold).body("status", equalTo("pending"));
        account(ledger, "wallet").body("balance", equalTo("100.00")).body("balances.pending_debits", equalTo("10.00"));
    }

    @Test
    void holdsCommitsVoidsAndReversalsOfOneBatchApplyInSequenceOrder() {
        TestLedger ledger = new TestLedger();
        UUID funding = UUID.randomUUID();
        UUID committedHold = UUID.randomUUID();
        UUID voidedHold = UUID.randomUUID();
        UUID reversal = UUID.randomUUID();
        List<Event> events = List.of(
                ledger.account("wallet", "liability"),
                ledger.account("cash", "asset"),
                ledger.transaction("transaction.posted", funding, new JsonObject(),
                        ledger.posting("cash", "debit", "100.00"), ledger.posting("wallet", "credit", "100.00")),
                ledger.transaction("transaction.pending", committedHold, new JsonObject(),
                        ledger.posting("wallet", "debit", "25.00"), ledger.posting("cash", "credit", "25.00")),
                ledger.transaction("transaction.pending", voidedHold, new JsonObject(),
                        ledger.posting("wallet", "debit", "5.00"), ledger.posting("cash", "credit", "5.00")),
                ledger.committed(committedHold, ledger.posting("wallet", "debit", "20.00"),
                        ledger.posting("cash", "credit", "20.00")),
                ledger.voided(voidedHold, "voided"),
                ledger.transaction("transaction.reversed", reversal,
                        new JsonObject().put("reversal_of", committedHold.toString()),
                        ledger.posting("wallet", "credit", "20.00"), ledger.posting("cash", "debit", "20.00")));
        TestLedger.sendAll(events);

        await().atMost(WAIT).until(() -> lastSequence(ledger) == events.size());
        account(ledger, "wallet")
                .body("balance", equalTo("100.00"))
                .body("debits", equalTo("20.00"))
                .body("credits", equalTo("120.00"))
                .body("balances.pending_debits", equalTo("0.00"))
                .body("balances.available", equalTo("100.00"))
                .body("version", equalTo(3));
        transaction(ledger, committedHold)
                .body("status", equalTo("posted"))
                .body("postings.amount", contains("20.00", "20.00"))
                .body("postings.released", contains("5.00", "5.00"))
                .body("postings.reversed_amount", contains("20.00", "20.00"))
                .body("reversed_by", contains(reversal.toString()));
        transaction(ledger, voidedHold).body("status", equalTo("voided")).body("void_reason", equalTo("voided"));
        assertEquals(0L, count("SELECT count(*) FROM failed_events WHERE ledger_id = $1", ledger.id));
    }

    @Test
    void scheduleEventsAreAcknowledgedWithoutEffect() {
        TestLedger ledger = new TestLedger();
        UUID schedule = UUID.randomUUID();
        ledger.event("schedule.created", new JsonObject().put("schedule_id", schedule.toString())
                .put("status", "active").put("template", new JsonObject().put("currency", "USD"))
                .put("every", new JsonObject().put("unit", "month").put("count", 1))).send();
        ledger.event("schedule.run_failed", new JsonObject().put("schedule_id", schedule.toString()).put("run", 3)
                .put("problem", new JsonObject().put("code", "INSUFFICIENT_FUNDS"))).send();
        ledger.event("schedule.updated", new JsonObject().put("schedule_id", schedule.toString())
                .put("status", "paused").put("previous_status", "active")).send();
        ledger.account("cash", "asset").send();

        await().atMost(WAIT).until(() -> lastSequence(ledger) == 4);
        assertEquals(4L, count("SELECT count(*) FROM processed_events WHERE ledger_id = $1", ledger.id));
        assertEquals(0L, count("SELECT count(*) FROM failed_events WHERE ledger_id = $1", ledger.id));
        assertEquals(0L, count("SELECT count(*) FROM parked_events WHERE ledger_id = $1", ledger.id));
    }

    private static ValidatableResponse transaction(TestLedger ledger, UUID id) {
        return given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/transactions/{t}", ledger.id, id)
                .then().statusCode(200);
    }

    private static ValidatableResponse account(TestLedger ledger, String code) {
        return given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/accounts/{c}", ledger.id, code)
                .then().statusCode(200);
    }

    /** The reason the event was recorded as failed, once it was. */
    private String awaitFailure(TestLedger ledger, Event event) {
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM failed_events WHERE event_id = $1",
                event.eventId()) == 1L);
        Row row = pool.preparedQuery("SELECT kind, status, sequence, reason FROM failed_events WHERE event_id = $1")
                .execute(Tuple.of(event.eventId())).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals("poison", row.getString("kind"));
        assertEquals("failed", row.getString("status"));
        assertEquals(event.sequence(), row.getLong("sequence"));
        return row.getString("reason");
    }

    private Row accountRow(TestLedger ledger, String code) {
        return pool.preparedQuery("SELECT * FROM accounts WHERE id = $1").execute(Tuple.of(ledger.accountId(code)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    private List<String> postingColumn(UUID transactionId, String column) {
        var rows = pool.preparedQuery("SELECT " + column + "::text FROM postings WHERE transaction_id = $1 "
                + "ORDER BY position").execute(Tuple.of(transactionId)).await().atMost(Duration.ofSeconds(10));
        List<String> values = new java.util.ArrayList<>();
        rows.forEach(row -> values.add(row.getString(0)));
        return values;
    }

    private long lastSequence(TestLedger ledger) {
        var rows = pool.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1")
                .execute(Tuple.of(ledger.id)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }

    private long count(String sql, UUID id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
