package io.laas.ledger.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.laas.ledger.event.ChainHead;
import io.laas.ledger.event.EventChain;
import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.event.StoredEvent;
import io.laas.ledger.verification.ChainWalk.StoredBalance;
import io.laas.ledger.verification.Verification.Mismatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class ChainWalkTest {

    private static final UUID LEDGER = UUID.randomUUID();
    private static final UUID CASH = UUID.randomUUID();
    private static final UUID REVENUE = UUID.randomUUID();
    private static final UUID IDLE = UUID.randomUUID();

    /**
     * account.created ×2, posted 10.00, pending 5.00 (held, not posted), reversed 4.00, the hold committed
     * 3.00 (2.00 released): each account has three postings and nothing left pending.
     */
    private final List<StoredEvent> history = stored(List.of(
            event(1, "account.created", new JsonObject().put("account_id", CASH.toString()).put("code", "cash")),
            event(2, "account.created", new JsonObject().put("account_id", REVENUE.toString()).put("code", "revenue")),
            event(3, "transaction.posted", postings("10.00", false)),
            event(4, "transaction.pending", postings("5.00", false)),
            event(5, "transaction.reversed", postings("4.00", true)),
            event(6, "transaction.committed", postings("3.00", false)
                    .put("released", postings("2.00", false).getJsonArray("postings")))));

    @Test
    void anUntouchedHistoryVerifies() {
        ChainWalk walk = new ChainWalk(LEDGER);
        assertTrue(walk.check(history.subList(0, 4)));
        assertTrue(walk.check(history.subList(4, 6)));
        String last = history.get(5).envelope().getString("hash");
        assertTrue(walk.checkHead(6, last));
        // cash: debits 10 + 3, credits 4 (the reversal); revenue the mirror
        assertTrue(walk.checkBalances(List.of(balance(CASH, "cash", "13.00", "4.00"),
                balance(IDLE, "idle", "0", "0"), balance(REVENUE, "revenue", "4.00", "13.00"))));
        assertTrue(walk.checkUnseenAccounts());
        assertEquals(new Verification(LEDGER, true, 6, 6, last, null), walk.result());
    }

    @Test
    void holdsAndVersionsAreReplayedToo() {
        ChainWalk walk = new ChainWalk(LEDGER);
        assertTrue(walk.check(history.subList(0, 4)));
        // after the pending transaction only: 5.00 held on each side, one posting each
        assertFalse(walk.checkBalances(List.of(new StoredBalance(CASH, "cash", new BigDecimal("10.00"), BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, 1))));
        assertEquals("pending_debits", walk.result().firstMismatch().field());

        ChainWalk versions = new ChainWalk(LEDGER);
        assertTrue(versions.check(history));
        assertFalse(versions.checkBalances(List.of(new StoredBalance(CASH, "cash", new BigDecimal("13.00"),
                new BigDecimal("4.00"), BigDecimal.ZERO, BigDecimal.ZERO, 2))));
        assertEquals("version", versions.result().firstMismatch().field());
    }

    @Test
    void aLedgerWithoutEventsEndsAtItsGenesis() {
        ChainWalk walk = new ChainWalk(LEDGER);
        assertTrue(walk.check(List.of()));
        assertTrue(walk.checkHead(0, null));
        assertTrue(walk.checkUnseenAccounts());
        assertEquals(new Verification(LEDGER, true, 0, 0, EventChain.genesis(LEDGER), null), walk.result());
    }

    @Test
    void aChangedEventIsNamedByItsSequenceAndStopsTheWalk() {
        List<StoredEvent> events = new ArrayList<>(history);
        JsonObject tampered = events.get(2).envelope().copy();
        tampered.getJsonObject("data").getJsonArray("postings").getJsonObject(0).put("amount", "1000.00");
        events.set(2, new StoredEvent(events.get(2).id(), 3, tampered));

        ChainWalk walk = new ChainWalk(LEDGER);
        assertFalse(walk.check(events));
        Verification result = walk.result();
        assertFalse(result.verified());
        assertEquals(3, result.eventsChecked());
        assertEquals(2, result.lastSequence());
        assertEquals(history.get(1).envelope().getString("hash"), result.lastHash());
        Mismatch mismatch = result.firstMismatch();
        assertEquals(3L, mismatch.sequence());
        assertEquals(events.get(2).id(), mismatch.eventId());
        assertEquals("hash", mismatch.kind());
        assertEquals(tampered.getString("hash"), mismatch.actual());
        assertFalse(walk.checkHead(6, "x"));
        assertFalse(walk.checkBalances(List.of(balance(CASH, "cash", "1", "1"))));
        assertEquals(mismatch, walk.result().firstMismatch(), "later steps change nothing");
    }

    @Test
    void anEventWithoutHashDoesNotVerify() {
        JsonObject bare = history.get(0).envelope().copy();
        bare.remove("hash");
        ChainWalk walk = new ChainWalk(LEDGER);
        assertFalse(walk.check(List.of(new StoredEvent(history.get(0).id(), 1, bare))));
        assertEquals("hash", walk.result().firstMismatch().kind());
        assertNull(walk.result().firstMismatch().actual());
    }

    @Test
    void aMissingEventIsASequenceGap() {
        ChainWalk walk = new ChainWalk(LEDGER);
        assertFalse(walk.check(List.of(history.get(0), history.get(2))));
        Mismatch mismatch = walk.result().firstMismatch();
        assertEquals(new Mismatch(2L, history.get(2).id(), "sequence_gap", "2", "3", null, null), mismatch);
    }

    @Test
    void theLedgersHeadMustBeItsLastEvent() {
        ChainWalk missingTail = new ChainWalk(LEDGER);
        missingTail.check(history.subList(0, 5));
        assertFalse(missingTail.checkHead(6, "whatever"));
        assertEquals(new Mismatch(6L, null, "sequence_gap", "6", null, null, null), missingTail.result().firstMismatch());

        ChainWalk wrongHash = new ChainWalk(LEDGER);
        wrongHash.check(history);
        assertFalse(wrongHash.checkHead(6, "0".repeat(64)));
        Mismatch mismatch = wrongHash.result().firstMismatch();
        assertEquals("hash", mismatch.kind());
        assertEquals(6L, mismatch.sequence());
        assertEquals("0".repeat(64), mismatch.actual());
    }

    @Test
    void aBalanceThatIsNotTheReplayNamesTheAccountAndTheLastEventThatMovedIt() {
        ChainWalk walk = new ChainWalk(LEDGER);
        walk.check(history);
        assertFalse(walk.checkBalances(List.of(balance(CASH, "cash", "13.01", "4.00"))));
        assertEquals(new Mismatch(6L, history.get(5).id(), "balance", "13.00", "13.01", "cash", "debits"),
                walk.result().firstMismatch());

        ChainWalk idle = new ChainWalk(LEDGER);
        idle.check(history);
        assertFalse(idle.checkBalances(List.of(balance(IDLE, "idle", "0", "2.50"))));
        assertEquals(new Mismatch(null, null, "balance", "0", "2.50", "idle", "credits"), idle.result().firstMismatch());
    }

    @Test
    void anAccountTheEventsMovedMustBeInTheWriteModel() {
        ChainWalk walk = new ChainWalk(LEDGER);
        walk.check(history);
        assertTrue(walk.checkBalances(List.of(balance(CASH, "cash", "13.00", "4.00"))));
        assertFalse(walk.checkUnseenAccounts());
        assertEquals(new Mismatch(6L, history.get(5).id(), "balance", "4.00", null, "revenue", "debits"),
                walk.result().firstMismatch());
    }

    @Test
    void aTransactionWhosePostingsCannotBeReadDoesNotVerify() {
        JsonObject data = new JsonObject().put("postings", new JsonArray().add(new JsonObject().put("amount", "1")));
        ChainWalk walk = new ChainWalk(LEDGER);
        assertFalse(walk.check(stored(List.of(event(1, "transaction.posted", data)))));
        assertEquals("balance", walk.result().firstMismatch().kind());
    }

    private static LedgerEvent event(long sequence, String type, JsonObject data) {
        return new LedgerEvent(UUID.randomUUID(), LEDGER, sequence, type, OffsetDateTime.parse("2026-01-01T00:00:00Z"),
                data);
    }

    /** Linked from the genesis, and read back as the event store would return them. */
    private static List<StoredEvent> stored(List<LedgerEvent> events) {
        return EventChain.link(new ChainHead(0, EventChain.genesis(LEDGER)), events).events().stream()
                .map(event -> new StoredEvent(event.id(), event.sequence(), new JsonObject(event.envelope().encode())))
                .toList();
    }

    private static JsonObject postings(String amount, boolean reversed) {
        return new JsonObject().put("postings", new JsonArray()
                .add(posting(CASH, "cash", reversed ? "credit" : "debit", amount))
                .add(posting(REVENUE, "revenue", reversed ? "debit" : "credit", amount)));
    }

    private static JsonObject posting(UUID account, String code, String direction, String amount) {
        return new JsonObject().put("account_id", account.toString()).put("account_code", code)
                .put("direction", direction).put("currency", "USD").put("amount", amount);
    }

    private static StoredBalance balance(UUID account, String code, String debits, String credits) {
        return new StoredBalance(account, code, new BigDecimal(debits), new BigDecimal(credits), BigDecimal.ZERO,
                BigDecimal.ZERO, account.equals(IDLE) ? 0 : 3);
    }
}
