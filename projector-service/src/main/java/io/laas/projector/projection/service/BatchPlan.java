package io.laas.projector.projection.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import io.laas.projector.account.AccountRef;
import io.laas.projector.account.NewAccount;
import io.laas.projector.asset.NewAsset;
import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.LedgerEvent;
import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.AssetDeclared;
import io.laas.projector.projection.LedgerEvent.PostingData;
import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.projection.ParsedEvent;
import io.laas.projector.projection.RawEvent;
import io.laas.projector.transaction.PostedTransaction;
import io.laas.projector.transaction.Transaction.Posting;

/**
 * What one database transaction does with a batch of events, decided in memory from what the database
 * holds for their ledgers (last applied sequence, parked events, processed event ids, accounts). Per
 * ledger, in sequence order:
 * <ul>
 * <li>an event id already processed is a duplicate and is ignored;</li>
 * <li>an event whose sequence is already applied, or held by another event waiting to be applied, under
 * another event id is a sequence conflict: an integrity error, recorded and never applied;</li>
 * <li>the next sequence is applied, then every parked or received successor that continues the sequence;</li>
 * <li>an event from further ahead is parked until the gap is filled;</li>
 * <li>an event that cannot be applied (unreadable, or a posting to an account the ledger does not have)
 * is recorded as failed, and its ledger stops before it: its successors are parked until it is re-driven.</li>
 * </ul>
 */
final class BatchPlan {

    /** A parked event of the database: its identity from the row, its payload read again. */
    record Parked(UUID ledgerId, long sequence, UUID eventId, ParsedEvent parsed) {
    }

    record LedgerSequence(UUID ledgerId, long sequence) {
    }

    /** The database state the plan starts from. {@code lastSequences} holds every ledger concerned. */
    record Input(Map<UUID, Long> lastSequences, List<ParsedEvent> arrivals, List<Parked> parked,
            Set<UUID> processed, Map<LedgerSequence, UUID> appliedEventIds, Collection<AccountRef> accounts) {
    }

    final List<NewAccount> accounts = new ArrayList<>();
    final List<NewAsset> assets = new ArrayList<>();
    final List<PostedTransaction> transactions = new ArrayList<>();
    /** Every event applied, in sequence order within its ledger. */
    final List<LedgerEvent> applied = new ArrayList<>();
    final List<LedgerEvent> toPark = new ArrayList<>();
    final List<ParkedArrival> parkedArrivals = new ArrayList<>();
    /** The new last sequence of each ledger that moved. */
    final Map<UUID, Long> advanced = new LinkedHashMap<>();
    final List<EventFailure> failures = new ArrayList<>();
    /** Per arrival, by its index in the input. */
    final EventOutcome[] outcomes;
    /** Ledgers whose parked events may continue beyond what the input held. */
    final Set<UUID> drainFurther = new TreeSet<>();
    int duplicates;

    private final long parkedWindow;

    private BatchPlan(int arrivals, long parkedWindow) {
        this.outcomes = new EventOutcome[arrivals];
        this.parkedWindow = parkedWindow;
    }

    /**
     * @param parkedWindow how far beyond a ledger's last sequence the input's parked events reach; a ledger
     *        that drains that far is listed in {@link #drainFurther}
     */
    static BatchPlan of(Input input, long parkedWindow) {
        BatchPlan plan = new BatchPlan(input.arrivals().size(), parkedWindow);
        Map<UUID, List<Integer>> arrivalsByLedger = new HashMap<>();
        for (int i = 0; i < input.arrivals().size(); i++) {
            ParsedEvent parsed = input.arrivals().get(i);
            if (parsed instanceof ParsedEvent.Readable readable) {
                arrivalsByLedger.computeIfAbsent(readable.event().ledgerId(), l -> new ArrayList<>()).add(i);
            } else {
                plan.unreadableArrival(i, (ParsedEvent.Unreadable) parsed, input.processed());
            }
        }
        Map<UUID, List<Parked>> parkedByLedger = new HashMap<>();
        input.parked().forEach(p -> parkedByLedger.computeIfAbsent(p.ledgerId(), l -> new ArrayList<>()).add(p));
        AccountDirectory directory = new AccountDirectory(input.accounts());
        Set<UUID> processed = new HashSet<>(input.processed());
        for (UUID ledgerId : new TreeSet<>(input.lastSequences().keySet())) {
            plan.ledger(ledgerId, input.lastSequences().get(ledgerId), arrivalsByLedger.getOrDefault(ledgerId, List.of()),
                    parkedByLedger.getOrDefault(ledgerId, List.of()), input, processed, directory);
        }
        return plan;
    }

    private void unreadableArrival(int index, ParsedEvent.Unreadable unreadable, Set<UUID> processed) {
        if (unreadable.eventId() != null && processed.contains(unreadable.eventId())) {
            outcomes[index] = EventOutcome.DUPLICATE;
            duplicates++;
            return;
        }
        outcomes[index] = EventOutcome.FAILED;
        failures.add(EventFailure.poison(unreadable));
    }

    /** An event waiting to be applied: a parked one ({@code arrival < 0}) or one of this batch. */
    private record Candidate(int arrival, RawEvent raw, UUID eventId, long sequence, ParsedEvent parsed) {

        boolean isArrival() {
            return arrival >= 0;
        }
    }

    private void ledger(UUID ledgerId, long start, List<Integer> arrivals, List<Parked> parked, Input input,
            Set<UUID> processed, AccountDirectory directory) {
        long last = start;
        TreeMap<Long, Candidate> pending = new TreeMap<>();
        for (Parked p : parked) {
            if (p.sequence() > last) {
                pending.put(p.sequence(), new Candidate(-1, p.parsed().raw(), p.eventId(), p.sequence(), p.parsed()));
            }
        }
        for (int index : arrivals) {
            ParsedEvent.Readable readable = (ParsedEvent.Readable) input.arrivals().get(index);
            LedgerEvent event = readable.event();
            if (processed.contains(event.eventId())) {
                outcomes[index] = EventOutcome.DUPLICATE;
                duplicates++;
                continue;
            }
            if (event.sequence() <= last) {
                UUID holder = input.appliedEventIds().get(new LedgerSequence(ledgerId, event.sequence()));
                conflict(index, readable, "sequence " + event.sequence() + " of ledger " + ledgerId
                        + " was already applied under event " + (holder == null ? "(unknown)" : holder)
                        + "; event " + event.eventId() + " claims it too (the projection is at " + last + ")");
                continue;
            }
            Candidate held = pending.get(event.sequence());
            if (held != null && held.eventId().equals(event.eventId())) {
                if (held.isArrival()) {
                    outcomes[index] = EventOutcome.DUPLICATE;
                    duplicates++;
                } else {
                    // The same event, parked earlier: this copy takes its place and carries its headers.
                    pending.put(event.sequence(), new Candidate(index, readable.raw(), event.eventId(),
                            event.sequence(), readable));
                }
                continue;
            }
            if (held != null) {
                conflict(index, readable, "sequence " + event.sequence() + " of ledger " + ledgerId
                        + " is already held by event " + held.eventId()
                        + (held.isArrival() ? " received before it" : " parked before it") + "; event "
                        + event.eventId() + " claims it too");
                continue;
            }
            pending.put(event.sequence(), new Candidate(index, readable.raw(), event.eventId(), event.sequence(),
                    readable));
        }

        Candidate next;
        while ((next = pending.get(last + 1)) != null) {
            if (!apply(next, processed, directory)) {
                break;
            }
            pending.remove(last + 1);
            last++;
        }
        if (last > start) {
            advanced.put(ledgerId, last);
        }
        if (last >= start + parkedWindow) {
            drainFurther.add(ledgerId);
        }
        for (Candidate waiting : pending.values()) {
            if (waiting.isArrival() && outcomes[waiting.arrival()] == null) {
                LedgerEvent event = ((ParsedEvent.Readable) waiting.parsed()).event();
                outcomes[waiting.arrival()] = EventOutcome.PARKED;
                toPark.add(event);
                parkedArrivals.add(new ParkedArrival(event, last));
            }
        }
    }

    /** Applies the candidate to the plan; false (and a recorded failure) when it cannot be applied. */
    private boolean apply(Candidate candidate, Set<UUID> processed, AccountDirectory directory) {
        if (candidate.parsed() instanceof ParsedEvent.Unreadable unreadable) {
            failures.add(new EventFailure(candidate.raw(), EventFailure.Kind.POISON,
                    unreadable.ledgerId(), candidate.sequence(), candidate.eventId(), unreadable.eventType(),
                    unreadable.reason()));
            markArrival(candidate, EventOutcome.FAILED);
            return false;
        }
        LedgerEvent event = ((ParsedEvent.Readable) candidate.parsed()).event();
        if (processed.contains(event.eventId())) {
            // A parked copy of an event applied meanwhile: its sequence is done.
            markArrival(candidate, EventOutcome.DUPLICATE);
            return true;
        }
        if (event.data() instanceof TransactionPosted tx) {
            List<Posting> postings = new ArrayList<>(tx.postings().size());
            for (PostingData posting : tx.postings()) {
                AccountRef account = directory.find(event.ledgerId(), posting);
                if (account == null) {
                    failures.add(EventFailure.poison(candidate.raw(), event, "transaction " + tx.transactionId()
                            + " posts to account " + (posting.accountId() != null ? posting.accountId()
                                    : posting.accountCode())
                            + " which ledger " + event.ledgerId() + " does not have"));
                    markArrival(candidate, EventOutcome.FAILED);
                    return false;
                }
                postings.add(new Posting(postings.size(), account.id(), account.code(), posting.direction(),
                        posting.amount(), posting.currency()));
            }
            transactions.add(new PostedTransaction(event.ledgerId(), event.sequence(), event.recordedAt(), tx,
                    List.copyOf(postings)));
        } else if (event.data() instanceof AccountCreated account) {
            accounts.add(new NewAccount(event.ledgerId(), event.sequence(), account));
            directory.created(event.ledgerId(), account);
        } else if (event.data() instanceof AssetDeclared asset) {
            assets.add(new NewAsset(event.ledgerId(), event.sequence(), asset));
        }
        applied.add(event);
        processed.add(event.eventId());
        markArrival(candidate, EventOutcome.APPLIED);
        return true;
    }

    private void markArrival(Candidate candidate, EventOutcome outcome) {
        if (candidate.isArrival()) {
            outcomes[candidate.arrival()] = outcome;
        }
    }

    private void conflict(int index, ParsedEvent.Readable readable, String reason) {
        outcomes[index] = EventOutcome.SEQUENCE_CONFLICT;
        failures.add(EventFailure.sequenceConflict(readable.raw(), readable.event(), reason));
    }

    long count(EventOutcome outcome) {
        long n = 0;
        for (EventOutcome o : outcomes) {
            if (o == outcome) {
                n++;
            }
        }
        return n;
    }

    /** The accounts of the read model plus those this plan creates, by id and by code within each ledger. */
    private static final class AccountDirectory {

        private record CodeKey(UUID ledgerId, String code) {
        }

        private final Map<UUID, AccountRef> byId = new HashMap<>();
        private final Map<CodeKey, AccountRef> byCode = new HashMap<>();

        AccountDirectory(Collection<AccountRef> known) {
            known.forEach(this::add);
        }

        AccountRef find(UUID ledgerId, PostingData posting) {
            AccountRef found = posting.accountId() != null ? byId.get(posting.accountId())
                    : byCode.get(new CodeKey(ledgerId, posting.accountCode()));
            return found != null && found.ledgerId().equals(ledgerId) ? found : null;
        }

        /** Like the insert it stands for, a second account with a code already taken is not created. */
        void created(UUID ledgerId, AccountCreated account) {
            if (!byId.containsKey(account.accountId()) && !byCode.containsKey(new CodeKey(ledgerId, account.code()))) {
                add(new AccountRef(account.accountId(), ledgerId, account.code()));
            }
        }

        private void add(AccountRef account) {
            byId.put(account.id(), account);
            byCode.put(new CodeKey(account.ledgerId(), account.code()), account);
        }
    }
}
