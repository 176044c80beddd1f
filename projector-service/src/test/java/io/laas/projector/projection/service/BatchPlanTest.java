package io.laas.projector.projection.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.laas.projector.account.AccountChange;
import io.laas.projector.account.AccountRef;
import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.LedgerEvent;
import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.AccountUpdated;
import io.laas.projector.projection.LedgerEvent.Limits;
import io.laas.projector.projection.LedgerEvent.PostingData;
import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.projection.LedgerEvent.TransactionCommitted;
import io.laas.projector.projection.LedgerEvent.TransactionPosted.Kind;
import io.laas.projector.projection.LedgerEvent.TransactionVoided;
import io.laas.projector.projection.ParsedEvent;
import io.laas.projector.projection.RawEvent;
import io.laas.projector.transaction.NewTransaction;
import io.laas.projector.transaction.Transaction.Posting;
import io.laas.projector.transaction.TransactionChange;
import io.laas.projector.transaction.TransactionState;

/** The sequencing rules of one batch, decided in memory: what is applied, parked, ignored or failed. */
class BatchPlanTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-21T15:00:00Z");

    private final UUID ledger = UUID.randomUUID();
    private final UUID cash = UUID.randomUUID();
    private final UUID sales = UUID.randomUUID();
    private final List<AccountRef> known = new ArrayList<>(List.of(new AccountRef(cash, ledger, "cash"),
            new AccountRef(sales, ledger, "sales")));
    private final Set<UUID> projected = new HashSet<>();
    private final List<TransactionState> stored = new ArrayList<>();

    @Test
    void eventsOfABatchAreAppliedInSequenceOrderWhateverTheirArrivalOrder() {
        ParsedEvent third = tx(3);
        ParsedEvent first = tx(1);
        ParsedEvent second = tx(2);

        BatchPlan plan = plan(0, List.of(third, first, second), List.of(), Set.of());

        assertEquals(List.of(1L, 2L, 3L), plan.applied.stream().map(LedgerEvent::sequence).toList());
        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.APPLIED, EventOutcome.APPLIED), List.of(plan.outcomes));
        assertEquals(Map.of(ledger, 3L), plan.advanced);
        assertEquals(3, plan.transactions.size());
        assertTrue(plan.toPark.isEmpty());
    }

    @Test
    void aGapParksTheEventsAfterItAndTheAppliedPrefixStillMoves() {
        BatchPlan plan = plan(4, List.of(tx(5), tx(7), tx(8)), List.of(), Set.of());

        assertEquals(List.of(5L), plan.applied.stream().map(LedgerEvent::sequence).toList());
        assertEquals(List.of(7L, 8L), plan.toPark.stream().map(LedgerEvent::sequence).toList());
        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.PARKED, EventOutcome.PARKED), List.of(plan.outcomes));
        assertEquals(5L, plan.parkedArrivals.get(0).ledgerAt());
        assertEquals(Map.of(ledger, 5L), plan.advanced);
    }

    @Test
    void parkedSuccessorsAreDrainedAfterTheMissingEventArrives() {
        ParsedEvent parked3 = tx(3);
        ParsedEvent parked4 = tx(4);
        ParsedEvent parked6 = tx(6);
        BatchPlan plan = plan(1, List.of(tx(2)), List.of(parked(parked3), parked(parked4), parked(parked6)), Set.of());

        assertEquals(List.of(2L, 3L, 4L), plan.applied.stream().map(LedgerEvent::sequence).toList());
        assertEquals(Map.of(ledger, 4L), plan.advanced);
        assertTrue(plan.toPark.isEmpty(), "6 stays parked where it is");
    }

    @Test
    void aKnownEventIdIsADuplicateWhateverItsSequence() {
        ParsedEvent applied = tx(2);
        BatchPlan plan = plan(2, List.of(applied, tx(3), applied), List.of(), Set.of(eventId(applied)));

        assertEquals(List.of(EventOutcome.DUPLICATE, EventOutcome.APPLIED, EventOutcome.DUPLICATE),
                List.of(plan.outcomes));
        assertEquals(2, plan.duplicates);
        assertTrue(plan.failures.isEmpty());
    }

    @Test
    void anAppliedSequenceUnderAnotherEventIdIsASequenceConflict() {
        ParsedEvent impostor = tx(2);
        UUID holder = UUID.randomUUID();
        BatchPlan plan = BatchPlan.of(new BatchPlan.Input(Map.of(ledger, 3L), List.of(impostor), List.of(), Set.of(),
                Map.of(new BatchPlan.LedgerSequence(ledger, 2), holder), known, Set.of(), List.of()), 1000);

        assertEquals(EventOutcome.SEQUENCE_CONFLICT, plan.outcomes[0]);
        EventFailure conflict = plan.failures.get(0);
        assertEquals(EventFailure.Kind.SEQUENCE_CONFLICT, conflict.kind());
        assertEquals(2L, conflict.sequence());
        assertTrue(conflict.reason().contains("already applied under event " + holder), conflict.reason());
        assertTrue(plan.applied.isEmpty());
        assertTrue(plan.advanced.isEmpty());
    }

    @Test
    void twoEventsClaimingOneWaitingSequenceConflictAndTheFirstKeepsIt() {
        ParsedEvent first = tx(5);
        ParsedEvent second = tx(5);
        ParsedEvent parkedEarlier = tx(6);
        ParsedEvent claimsParked = tx(6);
        BatchPlan plan = plan(3, List.of(first, second, claimsParked), List.of(parked(parkedEarlier)), Set.of());

        assertEquals(List.of(EventOutcome.PARKED, EventOutcome.SEQUENCE_CONFLICT, EventOutcome.SEQUENCE_CONFLICT),
                List.of(plan.outcomes));
        assertTrue(plan.failures.get(0).reason().contains("received before it"), plan.failures.get(0).reason());
        assertTrue(plan.failures.get(1).reason().contains("parked before it"), plan.failures.get(1).reason());
        assertEquals(List.of(eventId(first)), plan.toPark.stream().map(LedgerEvent::eventId).toList());
    }

    @Test
    void aCopyOfAParkedEventTakesItsPlaceAndIsAppliedWithIt() {
        ParsedEvent parked2 = tx(2);
        ParsedEvent copy = new ParsedEvent.Readable(new RawEvent("copy", ledger.toString(), null, null, "kafka"),
                ((ParsedEvent.Readable) parked2).event());
        BatchPlan plan = plan(0, List.of(tx(1), copy), List.of(parked(parked2)), Set.of());

        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.APPLIED), List.of(plan.outcomes));
        assertEquals(List.of(1L, 2L), plan.applied.stream().map(LedgerEvent::sequence).toList());
    }

    @Test
    void aPostingToAnUnknownAccountFailsTheEventAndParksItsSuccessors() {
        UUID stranger = UUID.randomUUID();
        ParsedEvent bad = tx(2, stranger);
        BatchPlan plan = plan(0, List.of(tx(1), bad, tx(3), tx(4)), List.of(), Set.of());

        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.FAILED, EventOutcome.PARKED, EventOutcome.PARKED),
                List.of(plan.outcomes));
        EventFailure failure = plan.failures.get(0);
        assertEquals(EventFailure.Kind.POISON, failure.kind());
        assertEquals(2L, failure.sequence());
        assertEquals(eventId(bad), failure.eventId());
        assertTrue(failure.reason().contains("posts to account " + stranger + " which ledger " + ledger
                + " does not have"), failure.reason());
        assertEquals(Map.of(ledger, 1L), plan.advanced);
        assertEquals(List.of(3L, 4L), plan.toPark.stream().map(LedgerEvent::sequence).toList());
    }

    @Test
    void anAccountOfAnotherLedgerIsUnknown() {
        UUID otherLedgersAccount = UUID.randomUUID();
        known.add(new AccountRef(otherLedgersAccount, UUID.randomUUID(), "cash"));
        BatchPlan plan = plan(0, List.of(tx(1, otherLedgersAccount)), List.of(), Set.of());

        assertEquals(EventOutcome.FAILED, plan.outcomes[0]);
    }

    @Test
    void anAccountCreatedEarlierInTheBatchCanBePostedTo() {
        UUID bank = UUID.randomUUID();
        ParsedEvent created = event(1, account(bank, "bank"));
        BatchPlan plan = plan(0, List.of(created, tx(2, bank)), List.of(), Set.of());

        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.APPLIED), List.of(plan.outcomes));
        assertEquals(bank, plan.transactions.get(0).postings().get(0).accountId());
        assertEquals("bank", plan.transactions.get(0).postings().get(0).accountCode());
    }

    @Test
    void aSecondAccountWithATakenCodeIsNotCreatedSoPostingsToItFail() {
        UUID twin = UUID.randomUUID();
        ParsedEvent created = event(1, account(twin, "cash"));
        BatchPlan plan = plan(0, List.of(created, tx(2, twin)), List.of(), Set.of());

        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.FAILED), List.of(plan.outcomes));
    }

    @Test
    void anUnreadableRecordIsRecordedAndDoesNotTouchAnyLedger() {
        ParsedEvent.Unreadable unreadable = new ParsedEvent.Unreadable(new RawEvent("oops", null, null, null, "k"),
                null, null, null, null, "the value is not JSON: oops");
        BatchPlan plan = plan(0, List.of(unreadable, tx(1)), List.of(), Set.of());

        assertEquals(List.of(EventOutcome.FAILED, EventOutcome.APPLIED), List.of(plan.outcomes));
        assertEquals("the value is not JSON: oops", plan.failures.get(0).reason());
    }

    @Test
    void anUnreadableParkedEventStopsItsLedgerAndIsRecorded() {
        ParsedEvent.Unreadable unreadable = new ParsedEvent.Unreadable(new RawEvent("{}", null, null, null, "parked"),
                ledger, 2L, UUID.randomUUID(), "transaction.posted", "data.currency is missing");
        BatchPlan.Parked parked = new BatchPlan.Parked(ledger, 2, unreadable.eventId(), unreadable);
        BatchPlan plan = plan(0, List.of(tx(1), tx(3)), List.of(parked), Set.of());

        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.PARKED), List.of(plan.outcomes));
        assertEquals(2L, plan.failures.get(0).sequence());
        assertEquals(Map.of(ledger, 1L), plan.advanced);
    }

    @Test
    void aLedgerDrainedToTheEndOfTheParkedWindowIsDrainedFurther() {
        List<BatchPlan.Parked> parked = new ArrayList<>();
        for (long s = 2; s <= 3; s++) {
            parked.add(parked(tx(s)));
        }
        BatchPlan plan = BatchPlan.of(new BatchPlan.Input(Map.of(ledger, 0L), List.of(tx(1)), parked, Set.of(),
                Map.of(), known, Set.of(), List.of()), 3);

        assertEquals(Map.of(ledger, 3L), plan.advanced);
        assertEquals(Set.of(ledger), plan.drainFurther);
    }

    @Test
    void aHoldAndItsCommitInOneBatchLeaveThePostedPartAndReleaseTheRest() {
        UUID hold = UUID.randomUUID();
        BatchPlan plan = plan(0, List.of(
                event(1, transaction(Kind.PENDING, hold, null, posting(cash, "debit", "10.00", null),
                        posting(sales, "credit", "10.00", null))),
                event(2, new TransactionCommitted(hold, AT.plusHours(1), List.of(posting(cash, "debit", "6.00", 5L),
                        posting(sales, "credit", "6.00", null))))), List.of(), Set.of());

        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.APPLIED), List.of(plan.outcomes));
        assertEquals(List.of("pending"), plan.transactions.stream().map(NewTransaction::status).toList());
        Map<UUID, AccountChange> changes = byAccount(plan);
        assertChange(changes.get(cash), "6.00", "0", "0.00", "0", 5L, 0, 2);
        assertChange(changes.get(sales), "0", "6.00", "0", "0.00", null, 1, 2);
        TransactionChange committed = plan.transactionChanges().get(0);
        assertEquals(hold, committed.id());
        assertTrue(committed.statusChanged());
        assertEquals("posted", committed.status());
        assertEquals(AT.plusHours(1), committed.committedAt());
        assertEquals(List.of(new BigDecimal("6.00"), new BigDecimal("6.00")),
                committed.postings().stream().map(Posting::amount).toList());
        assertEquals(List.of(new BigDecimal("4.00"), new BigDecimal("4.00")),
                committed.postings().stream().map(Posting::released).toList());
    }

    @Test
    void aCommitOfZeroReleasesTheHoldWithoutAVersionAndAVoidReleasesItAll() {
        UUID committed = UUID.randomUUID();
        UUID voided = UUID.randomUUID();
        stored.add(held(committed, "2.00"));
        stored.add(held(voided, "3.00"));
        BatchPlan plan = plan(4, List.of(
                event(5, new TransactionCommitted(committed, AT, List.of(posting(cash, "debit", "0.00", null),
                        posting(sales, "credit", "0.00", null)))),
                event(6, new TransactionVoided(voided, "expired", AT))), List.of(), Set.of());

        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.APPLIED), List.of(plan.outcomes));
        assertChange(byAccount(plan).get(cash), "0", "0", "-5.00", "0", null, 0, 6);
        Map<UUID, TransactionChange> changes = new HashMap<>();
        plan.transactionChanges().forEach(c -> changes.put(c.id(), c));
        assertEquals("posted", changes.get(committed).status());
        assertEquals(new BigDecimal("2.00"), changes.get(committed).postings().get(0).released());
        assertEquals("voided", changes.get(voided).status());
        assertEquals("expired", changes.get(voided).voidReason());
        assertEquals(AT, changes.get(voided).voidedAt());
        assertEquals(new BigDecimal("3.00"), changes.get(voided).postings().get(0).amount());
        assertEquals(new BigDecimal("3.00"), changes.get(voided).postings().get(0).released());
    }

    @Test
    void aCommitTheHoldCannotTakeFailsAndStopsItsLedger() {
        UUID hold = UUID.randomUUID();
        UUID done = UUID.randomUUID();
        stored.add(held(hold, "10.00"));
        stored.add(new TransactionState(done, ledger, "posted", held(done, "1.00").postings()));
        ParsedEvent tooMuch = event(3, new TransactionCommitted(hold, AT, List.of(posting(cash, "debit", "10.01", null),
                posting(sales, "credit", "10.01", null))));
        BatchPlan plan = plan(2, List.of(tooMuch, tx(4)), List.of(), Set.of());

        assertEquals(List.of(EventOutcome.FAILED, EventOutcome.PARKED), List.of(plan.outcomes));
        assertEquals("posting 0 of the commit of transaction " + hold + " posts 10.01, more than the 10.00 held",
                plan.failures.get(0).reason());
        assertTrue(plan.accountChanges().isEmpty(), "a refused event has no effect");
        assertTrue(plan.transactionChanges().isEmpty());

        for (ParsedEvent refused : List.of(
                event(3, new TransactionCommitted(done, AT, List.of(posting(cash, "debit", "1.00", null),
                        posting(sales, "credit", "1.00", null)))),
                event(3, new TransactionVoided(UUID.randomUUID(), "voided", AT)),
                event(3, new TransactionCommitted(hold, AT, List.of(posting(cash, "debit", "1.00", null)))),
                event(3, new TransactionCommitted(hold, AT, List.of(posting(sales, "debit", "1.00", null),
                        posting(cash, "credit", "1.00", null)))))) {
            assertEquals(EventOutcome.FAILED, plan(2, List.of(refused), List.of(), Set.of()).outcomes[0]);
        }
        assertTrue(plan(2, List.of(event(3, new TransactionCommitted(done, AT, List.of(posting(cash, "debit", "1.00",
                null), posting(sales, "credit", "1.00", null))))), List.of(), Set.of()).failures.get(0).reason()
                .endsWith("which is posted, not pending"));
    }

    @Test
    void reversalsMirrorTheNamedOriginalPostingsAndCannotReverseMoreThanWasPosted() {
        UUID original = UUID.randomUUID();
        stored.add(new TransactionState(original, ledger, "posted", List.of(
                new Posting(0, cash, "cash", "debit", new BigDecimal("10.00"), "USD", null, null, new BigDecimal("4.00"), null),
                new Posting(1, sales, "sales", "credit", new BigDecimal("10.00"), "USD", null, null, new BigDecimal("4.00"),
                        null))));
        PostingData salesBack = new PostingData(sales, null, "debit", new BigDecimal("6.00"), "USD", null, 1);
        PostingData cashBack = new PostingData(cash, null, "credit", new BigDecimal("6.00"), "USD", null, 0);
        UUID reversal = UUID.randomUUID();
        ParsedEvent oneCentMore = event(6, transaction(Kind.REVERSAL, UUID.randomUUID(), original,
                posting(cash, "credit", "0.01", null), posting(sales, "debit", "0.01", null)));
        BatchPlan plan = plan(4, List.of(event(5, transaction(Kind.REVERSAL, reversal, original, salesBack, cashBack)),
                oneCentMore), List.of(), Set.of());

        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.FAILED), List.of(plan.outcomes));
        assertEquals(List.of(1, 0), plan.transactions.get(0).postings().stream().map(Posting::originalPosition).toList());
        TransactionChange reversed = plan.transactionChanges().stream().filter(c -> c.id().equals(original)).findFirst()
                .orElseThrow();
        assertTrue(!reversed.statusChanged());
        assertEquals(List.of(new BigDecimal("10.00"), new BigDecimal("10.00")),
                reversed.postings().stream().map(Posting::reversedAmount).toList());
        assertTrue(plan.failures.get(0).reason().endsWith("brings the reversed amount of posting 0 of transaction "
                + original + " to 10.01, beyond its amount 10.00"), plan.failures.get(0).reason());
        assertChange(byAccount(plan).get(cash), "0", "6.00", "0", "0", null, 1, 5);

        ParsedEvent notAMirror = event(5, transaction(Kind.REVERSAL, UUID.randomUUID(), original,
                posting(cash, "debit", "1.00", null), posting(sales, "credit", "1.00", null)));
        assertTrue(plan(4, List.of(notAMirror), List.of(), Set.of()).failures.get(0).reason()
                .contains("is not the mirror of posting 0 of transaction " + original));
        ParsedEvent ofAHold = event(5, transaction(Kind.REVERSAL, UUID.randomUUID(), original, salesBack, cashBack));
        stored.set(0, held(original, "10.00"));
        assertTrue(plan(4, List.of(ofAHold), List.of(), Set.of()).failures.get(0).reason()
                .endsWith("which is pending; only posted transactions can be reversed"));
    }

    @Test
    void versionsFollowTheLastAccountVersionNamedAndCountPostingsAfterIt() {
        BatchPlan plan = plan(0, List.of(
                event(1, transaction(Kind.POSTED, UUID.randomUUID(), null, posting(cash, "debit", "1.00", null),
                        posting(sales, "credit", "1.00", 8L))),
                event(2, transaction(Kind.POSTED, UUID.randomUUID(), null, posting(cash, "debit", "2.00", 12L),
                        posting(sales, "credit", "2.00", null))),
                event(3, transaction(Kind.PENDING, UUID.randomUUID(), null, posting(cash, "debit", "4.00", 99L),
                        posting(sales, "credit", "4.00", 99L)))), List.of(), Set.of());

        Map<UUID, AccountChange> changes = byAccount(plan);
        assertChange(changes.get(cash), "3.00", "0", "4.00", "0", 12L, 0, 3);
        assertChange(changes.get(sales), "0", "3.00", "0", "4.00", 8L, 1, 3);
    }

    @Test
    void aTransactionProjectedAlreadyIsLeftAsItIs() {
        ParsedEvent again = tx(3);
        projected.add(((TransactionPosted) ((ParsedEvent.Readable) again).event().data()).transactionId());
        BatchPlan plan = plan(2, List.of(again), List.of(), Set.of());

        assertEquals(EventOutcome.APPLIED, plan.outcomes[0]);
        assertTrue(plan.transactions.isEmpty());
        assertEquals(1, plan.alreadyProjected.size());
        assertTrue(plan.accountChanges().isEmpty());
    }

    @Test
    void accountUpdatesOfOneBatchMergeAndAnUnknownAccountFails() {
        BatchPlan plan = plan(0, List.of(
                event(1, new AccountUpdated(cash, null, "Cash", "frozen", null, "{\"a\":1}", AT)),
                event(2, new AccountUpdated(null, "cash", null, null, new Limits(BigDecimal.ONE, null), null,
                        AT.plusMinutes(1))),
                event(3, new AccountUpdated(UUID.randomUUID(), null, "Ghost", "open", null, null, AT))),
                List.of(), Set.of());

        assertEquals(List.of(EventOutcome.APPLIED, EventOutcome.APPLIED, EventOutcome.FAILED), List.of(plan.outcomes));
        AccountChange change = byAccount(plan).get(cash);
        assertEquals(new AccountUpdated(null, "cash", "Cash", "frozen", new Limits(BigDecimal.ONE, null), "{\"a\":1}",
                AT.plusMinutes(1)), change.state());
        assertEquals(2, change.lastSequence());
        assertEquals(AT.plusMinutes(1), change.updatedAt());
        assertTrue(plan.failures.get(0).reason().endsWith("which ledger " + ledger + " does not have"));
    }

    /** A pending transaction of the read model holding {@code amount} from cash to sales. */
    private TransactionState held(UUID id, String amount) {
        BigDecimal held = new BigDecimal(amount);
        return new TransactionState(id, ledger, "pending", List.of(
                new Posting(0, cash, "cash", "debit", held, "USD", held, null, BigDecimal.ZERO, null),
                new Posting(1, sales, "sales", "credit", held, "USD", held, null, BigDecimal.ZERO, null)));
    }

    private static Map<UUID, AccountChange> byAccount(BatchPlan plan) {
        Map<UUID, AccountChange> changes = new HashMap<>();
        plan.accountChanges().forEach(c -> changes.put(c.id(), c));
        return changes;
    }

    private static void assertChange(AccountChange change, String debits, String credits, String pendingDebits,
            String pendingCredits, Long versionSet, long versionAdded, long lastSequence) {
        assertEquals(0, new BigDecimal(debits).compareTo(change.debits()), "debits " + change.debits());
        assertEquals(0, new BigDecimal(credits).compareTo(change.credits()), "credits " + change.credits());
        assertEquals(0, new BigDecimal(pendingDebits).compareTo(change.pendingDebits()),
                "pending debits " + change.pendingDebits());
        assertEquals(0, new BigDecimal(pendingCredits).compareTo(change.pendingCredits()),
                "pending credits " + change.pendingCredits());
        assertEquals(versionSet, change.versionSet());
        assertEquals(versionAdded, change.versionAdded());
        assertEquals(lastSequence, change.lastSequence());
    }

    private BatchPlan plan(long last, List<ParsedEvent> arrivals, List<BatchPlan.Parked> parked, Set<UUID> processed) {
        Map<UUID, Long> lastSequences = new HashMap<>();
        lastSequences.put(ledger, last);
        return BatchPlan.of(new BatchPlan.Input(lastSequences, arrivals, parked, processed, Map.of(), known,
                projected, stored), 1000);
    }

    private BatchPlan.Parked parked(ParsedEvent event) {
        LedgerEvent e = ((ParsedEvent.Readable) event).event();
        return new BatchPlan.Parked(e.ledgerId(), e.sequence(), e.eventId(), event);
    }

    private ParsedEvent tx(long sequence) {
        return tx(sequence, cash);
    }

    private ParsedEvent tx(long sequence, UUID debitAccount) {
        return event(sequence, transaction(Kind.POSTED, UUID.randomUUID(), null,
                posting(debitAccount, "debit", "1.00", null), posting(sales, "credit", "1.00", null)));
    }

    private AccountCreated account(UUID id, String code) {
        return new AccountCreated(id, code, "Account " + code, "asset", "USD", 2, "debit", null, null, "open",
                Limits.NONE, "{}", 0, AT);
    }

    private static TransactionPosted transaction(Kind kind, UUID id, UUID reversalOf, PostingData... postings) {
        return new TransactionPosted(kind, id, null, null, "USD", AT, "{}", null, reversalOf, null, List.of(postings));
    }

    private static PostingData posting(UUID account, String direction, String amount, Long version) {
        return new PostingData(account, null, direction, new BigDecimal(amount), "USD", version, null);
    }

    private ParsedEvent event(long sequence, LedgerEvent.EventData data) {
        String type = data instanceof AccountCreated ? LedgerEvent.ACCOUNT_CREATED
                : data instanceof LedgerEvent.AccountUpdated ? LedgerEvent.ACCOUNT_UPDATED
                : data instanceof LedgerEvent.TransactionCommitted ? LedgerEvent.TRANSACTION_COMMITTED
                : data instanceof LedgerEvent.TransactionVoided ? LedgerEvent.TRANSACTION_VOIDED
                : data instanceof TransactionPosted tx && tx.kind() == Kind.PENDING ? LedgerEvent.TRANSACTION_PENDING
                : data instanceof TransactionPosted tx && tx.kind() == Kind.REVERSAL ? LedgerEvent.TRANSACTION_REVERSED
                : LedgerEvent.TRANSACTION_POSTED;
        LedgerEvent event = new LedgerEvent(UUID.randomUUID(), type, ledger, sequence, AT, data, "{}", 1);
        return new ParsedEvent.Readable(new RawEvent("{}", ledger.toString(), null, null, "test"), event);
    }

    private static UUID eventId(ParsedEvent event) {
        return ((ParsedEvent.Readable) event).event().eventId();
    }
}
