package io.laas.projector.projection.service;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
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

import io.laas.projector.account.Account;
import io.laas.projector.account.AccountChange;
import io.laas.projector.account.AccountRef;
import io.laas.projector.account.NewAccount;
import io.laas.projector.asset.NewAsset;
import io.laas.projector.balance.AccountEntry;
import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.LedgerEvent;
import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.AccountUpdated;
import io.laas.projector.projection.LedgerEvent.AssetDeclared;
import io.laas.projector.projection.LedgerEvent.PostingData;
import io.laas.projector.projection.LedgerEvent.TransactionCommitted;
import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.projection.LedgerEvent.TransactionVoided;
import io.laas.projector.projection.ParsedEvent;
import io.laas.projector.projection.RawEvent;
import io.laas.projector.transaction.NewTransaction;
import io.laas.projector.transaction.Transaction;
import io.laas.projector.transaction.Transaction.Posting;
import io.laas.projector.transaction.TransactionChange;
import io.laas.projector.transaction.TransactionState;

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
 * <li>an event that cannot be applied (unreadable, a posting to an account the ledger does not have, a
 * commit, void or reversal the transaction it names cannot take) is recorded as failed, and its ledger stops
 * before it: its successors are parked until it is re-driven.</li>
 * </ul>
 * Effects are decided here too, in that order, so that an event sees those of its predecessors in the same
 * batch (a commit its pending transaction, a reversal the earlier reversals of its original): new accounts,
 * assets and transactions, the new state of transactions that were committed, voided or reversed, and one
 * {@link AccountChange} per account that moved, whatever the number of events.
 */
final class BatchPlan {

    /** A parked event of the database: its identity from the row, its payload read again. */
    record Parked(UUID ledgerId, long sequence, UUID eventId, ParsedEvent parsed) {
    }

    record LedgerSequence(UUID ledgerId, long sequence) {
    }

    /**
     * The database state the plan starts from. {@code lastSequences} holds every ledger concerned;
     * {@code projectedTransactions} which of the transactions the events create are projected already;
     * {@code transactions} the transactions that commits, voids and reversals name.
     */
    record Input(Map<UUID, Long> lastSequences, List<ParsedEvent> arrivals, List<Parked> parked,
            Set<UUID> processed, Map<LedgerSequence, UUID> appliedEventIds, Collection<AccountRef> accounts,
            Set<UUID> projectedTransactions, Collection<TransactionState> transactions) {
    }

    final List<NewAccount> accounts = new ArrayList<>();
    final List<NewAsset> assets = new ArrayList<>();
    final List<NewTransaction> transactions = new ArrayList<>();
    /** What the applied events did to each account, posting by posting, in sequence order (statements, as-of). */
    final List<AccountEntry> entries = new ArrayList<>();
    /** Transactions the events create that were projected already (by another event): left as they are. */
    final List<NewTransaction> alreadyProjected = new ArrayList<>();
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
    private final Map<UUID, Moves> moves = new LinkedHashMap<>();
    private final Map<UUID, Held> held = new HashMap<>();
    private final Set<UUID> projected = new HashSet<>();

    private BatchPlan(int arrivals, long parkedWindow) {
        this.outcomes = new EventOutcome[arrivals];
        this.parkedWindow = parkedWindow;
    }

    /** One change per account the applied events touched. */
    List<AccountChange> accountChanges() {
        List<AccountChange> changes = new ArrayList<>(moves.size());
        moves.forEach((id, m) -> changes.add(new AccountChange(id, m.debits, m.credits, m.pendingDebits,
                m.pendingCredits, m.versionSet, m.versionAdded, m.state, m.lastSequence, m.updatedAt)));
        return changes;
    }

    /** The new state of every transaction that a commit, void or reversal changed. */
    List<TransactionChange> transactionChanges() {
        List<TransactionChange> changes = new ArrayList<>();
        for (Held tx : held.values()) {
            if (tx.statusChanged || !tx.changedPositions.isEmpty()) {
                changes.add(new TransactionChange(tx.id, tx.statusChanged, tx.status, tx.committedAt, tx.voidedAt,
                        tx.voidReason, tx.changedPositions.stream().map(i -> tx.postings[i]).toList()));
            }
        }
        return changes;
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
        plan.projected.addAll(input.projectedTransactions());
        input.transactions().forEach(tx -> plan.held.put(tx.id(), new Held(tx)));
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
        String refused = effects(event, directory);
        if (refused != null) {
            failures.add(EventFailure.poison(candidate.raw(), event, refused));
            markArrival(candidate, EventOutcome.FAILED);
            return false;
        }
        applied.add(event);
        processed.add(event.eventId());
        markArrival(candidate, EventOutcome.APPLIED);
        return true;
    }

    /**
     * Adds the event's effects to the plan, or says why it cannot be applied (then nothing was added): every
     * check comes before the first effect.
     */
    private String effects(LedgerEvent event, AccountDirectory directory) {
        if (event.data() instanceof TransactionPosted tx) {
            return newTransaction(event, tx, directory);
        } else if (event.data() instanceof TransactionCommitted commit) {
            return commit(event, commit);
        } else if (event.data() instanceof TransactionVoided voided) {
            return voided(event, voided);
        } else if (event.data() instanceof AccountCreated account) {
            AccountRef parent = directory.find(event.ledgerId(), account.parentId(), account.parentCode());
            AccountCreated created = parent == null ? account : account.withParent(parent.id(), parent.code());
            accounts.add(new NewAccount(event.ledgerId(), event.sequence(), created));
            directory.created(event.ledgerId(), created);
        } else if (event.data() instanceof AccountUpdated update) {
            AccountRef account = directory.find(event.ledgerId(), update.accountId(), update.code());
            if (account == null) {
                return "account.updated names account " + (update.accountId() != null ? update.accountId()
                        : update.code()) + " which ledger " + event.ledgerId() + " does not have";
            }
            if (update.code() != null && !update.code().equals(account.code())) {
                return "account.updated names account " + account.id() + " with code " + update.code()
                        + " but its code is " + account.code();
            }
            moves(account.id(), event.sequence(), update.updatedAt()).update(update);
        } else if (event.data() instanceof AssetDeclared asset) {
            assets.add(new NewAsset(event.ledgerId(), event.sequence(), asset));
        }
        return null;
    }

    private String newTransaction(LedgerEvent event, TransactionPosted tx, AccountDirectory directory) {
        List<Posting> postings = new ArrayList<>(tx.postings().size());
        for (PostingData posting : tx.postings()) {
            AccountRef account = directory.find(event.ledgerId(), posting.accountId(), posting.accountCode());
            if (account == null) {
                return "transaction " + tx.transactionId() + " posts to account "
                        + (posting.accountId() != null ? posting.accountId() : posting.accountCode())
                        + " which ledger " + event.ledgerId() + " does not have";
            }
            boolean pending = tx.kind() == TransactionPosted.Kind.PENDING;
            postings.add(new Posting(postings.size(), account.id(), account.code(), posting.direction(),
                    posting.amount(), posting.currency(), pending ? posting.amount() : null, null, BigDecimal.ZERO,
                    tx.kind() == TransactionPosted.Kind.REVERSAL ? originalPosition(posting, postings.size()) : null));
        }
        NewTransaction created = new NewTransaction(event.ledgerId(), event.sequence(), event.recordedAt(), tx,
                List.copyOf(postings));
        if (projected.contains(tx.transactionId())) {
            alreadyProjected.add(created);
            return null;
        }
        Held original = null;
        BigDecimal[] reversed = null;
        if (tx.kind() == TransactionPosted.Kind.REVERSAL) {
            original = held(event, tx.reversalOf());
            if (original == null) {
                return "transaction " + tx.transactionId() + " reverses transaction " + tx.reversalOf()
                        + " which ledger " + event.ledgerId() + " does not have";
            }
            if (!Transaction.POSTED.equals(original.status)) {
                return "transaction " + tx.transactionId() + " reverses transaction " + tx.reversalOf() + " which is "
                        + original.status + "; only posted transactions can be reversed";
            }
            reversed = new BigDecimal[original.postings.length];
            for (int i = 0; i < reversed.length; i++) {
                reversed[i] = original.postings[i].reversedAmount();
            }
            for (Posting posting : postings) {
                String at = "posting " + posting.position() + " of reversal " + tx.transactionId();
                int index = posting.originalPosition();
                if (index >= reversed.length) {
                    return at + " mirrors posting " + index + " of transaction " + tx.reversalOf() + ", which has "
                            + reversed.length + " posting(s)";
                }
                Posting mirrored = original.postings[index];
                if (!mirrored.accountId().equals(posting.accountId()) || mirrored.direction().equals(posting.direction())) {
                    return at + " (" + posting.direction() + " " + posting.accountCode() + ") is not the mirror of posting "
                            + index + " of transaction " + tx.reversalOf() + " (" + mirrored.direction() + " "
                            + mirrored.accountCode() + ")";
                }
                reversed[index] = reversed[index].add(posting.amount());
                if (reversed[index].compareTo(mirrored.amount()) > 0) {
                    return at + " brings the reversed amount of posting " + index + " of transaction "
                            + tx.reversalOf() + " to " + reversed[index].toPlainString() + ", beyond its amount "
                            + mirrored.amount().toPlainString();
                }
            }
        }

        transactions.add(created);
        projected.add(tx.transactionId());
        held.put(tx.transactionId(), new Held(new TransactionState(tx.transactionId(), event.ledgerId(), tx.kind().status(),
                created.postings())));
        for (int i = 0; i < postings.size(); i++) {
            Posting posting = postings.get(i);
            Moves account = moves(posting.accountId(), event.sequence(), event.recordedAt());
            if (tx.kind() == TransactionPosted.Kind.PENDING) {
                account.hold(posting.direction(), posting.amount());
                entries.add(new AccountEntry(event.ledgerId(), posting.accountId(), tx.occurredAt(), event.sequence(),
                        i, event.recordedAt(), tx.transactionId(), AccountEntry.PENDING, posting.direction(),
                        BigDecimal.ZERO, posting.amount()));
            } else {
                account.post(posting.direction(), posting.amount(), tx.postings().get(i).accountVersion());
                entries.add(AccountEntry.posted(event.ledgerId(), posting.accountId(), tx.occurredAt(),
                        event.sequence(), i, event.recordedAt(), tx.transactionId(),
                        tx.kind() == TransactionPosted.Kind.REVERSAL ? AccountEntry.REVERSED : AccountEntry.POSTED,
                        posting.direction(), posting.amount()));
            }
        }
        if (original != null) {
            for (int i = 0; i < reversed.length; i++) {
                if (reversed[i].compareTo(original.postings[i].reversedAmount()) != 0) {
                    original.change(i, original.postings[i].reversed(reversed[i]));
                }
            }
        }
        return null;
    }

    private static int originalPosition(PostingData posting, int index) {
        return posting.originalPosting() != null ? posting.originalPosting() : index;
    }

    private String commit(LedgerEvent event, TransactionCommitted commit) {
        Held tx = held(event, commit.transactionId());
        String refused = holdEnds(event, "commits", commit.transactionId(), tx);
        if (refused != null) {
            return refused;
        }
        if (commit.postings().size() != tx.postings.length) {
            return "transaction.committed has " + commit.postings().size() + " posting(s) but transaction "
                    + commit.transactionId() + " holds " + tx.postings.length;
        }
        for (int i = 0; i < tx.postings.length; i++) {
            PostingData posted = commit.postings().get(i);
            Posting hold = tx.postings[i];
            boolean sameAccount = posted.accountId() != null ? posted.accountId().equals(hold.accountId())
                    : posted.accountCode().equals(hold.accountCode());
            if (!sameAccount || !posted.direction().equals(hold.direction())) {
                return "posting " + i + " of the commit of transaction " + commit.transactionId() + " ("
                        + posted.direction() + " " + (posted.accountCode() != null ? posted.accountCode()
                                : posted.accountId())
                        + ") is not its held posting " + i + " (" + hold.direction() + " " + hold.accountCode() + ")";
            }
            if (posted.amount().compareTo(hold.pendingAmount()) > 0) {
                return "posting " + i + " of the commit of transaction " + commit.transactionId() + " posts "
                        + posted.amount().toPlainString() + ", more than the " + hold.pendingAmount().toPlainString()
                        + " held";
            }
        }

        for (int i = 0; i < tx.postings.length; i++) {
            PostingData posted = commit.postings().get(i);
            Posting hold = tx.postings[i];
            Moves account = moves(hold.accountId(), event.sequence(), event.recordedAt());
            account.hold(hold.direction(), hold.pendingAmount().negate());
            if (posted.amount().signum() > 0) {
                account.post(hold.direction(), posted.amount(), posted.accountVersion());
            }
            entries.add(new AccountEntry(event.ledgerId(), hold.accountId(), commit.committedAt(), event.sequence(),
                    i, event.recordedAt(), commit.transactionId(), AccountEntry.COMMITTED, hold.direction(),
                    posted.amount(), hold.pendingAmount().negate()));
            tx.change(i, hold.committed(posted.amount()));
        }
        tx.end(Transaction.POSTED, commit.committedAt(), null, null);
        return null;
    }

    private String voided(LedgerEvent event, TransactionVoided voided) {
        Held tx = held(event, voided.transactionId());
        String refused = holdEnds(event, "voids", voided.transactionId(), tx);
        if (refused != null) {
            return refused;
        }
        for (int i = 0; i < tx.postings.length; i++) {
            Posting hold = tx.postings[i];
            moves(hold.accountId(), event.sequence(), event.recordedAt())
                    .hold(hold.direction(), hold.pendingAmount().negate());
            entries.add(new AccountEntry(event.ledgerId(), hold.accountId(), voided.voidedAt(), event.sequence(),
                    i, event.recordedAt(), voided.transactionId(), AccountEntry.VOIDED, hold.direction(),
                    BigDecimal.ZERO, hold.pendingAmount().negate()));
            tx.change(i, hold.voided());
        }
        tx.end(Transaction.VOIDED, null, voided.voidedAt(), voided.reason());
        return null;
    }

    private static String holdEnds(LedgerEvent event, String verb, UUID transactionId, Held tx) {
        if (tx == null) {
            return event.eventType() + " " + verb + " transaction " + transactionId + " which ledger "
                    + event.ledgerId() + " does not have";
        }
        if (!Transaction.PENDING.equals(tx.status)) {
            return event.eventType() + " " + verb + " transaction " + transactionId + " which is " + tx.status
                    + ", not pending";
        }
        return null;
    }

    /** The transaction of this ledger as the plan knows it: from the database, changed by earlier events. */
    private Held held(LedgerEvent event, UUID transactionId) {
        Held tx = held.get(transactionId);
        return tx != null && tx.ledgerId.equals(event.ledgerId()) ? tx : null;
    }

    private Moves moves(UUID accountId, long sequence, OffsetDateTime at) {
        Moves m = moves.computeIfAbsent(accountId, id -> new Moves());
        m.lastSequence = sequence;
        m.updatedAt = at;
        return m;
    }

    /** What the events so far do to one account. */
    private static final class Moves {
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        BigDecimal pendingDebits = BigDecimal.ZERO;
        BigDecimal pendingCredits = BigDecimal.ZERO;
        Long versionSet;
        long versionAdded;
        AccountUpdated state;
        long lastSequence;
        OffsetDateTime updatedAt;

        /** A posted amount: one more version, the one the event names when it does. */
        void post(String direction, BigDecimal amount, Long accountVersion) {
            if (Account.DEBIT.equals(direction)) {
                debits = debits.add(amount);
            } else {
                credits = credits.add(amount);
            }
            if (accountVersion != null) {
                versionSet = accountVersion;
                versionAdded = 0;
            } else {
                versionAdded++;
            }
        }

        /** An amount held (or, negative, released): versions do not move. */
        void hold(String direction, BigDecimal amount) {
            if (Account.DEBIT.equals(direction)) {
                pendingDebits = pendingDebits.add(amount);
            } else {
                pendingCredits = pendingCredits.add(amount);
            }
        }

        void update(AccountUpdated update) {
            state = state == null ? update : new AccountUpdated(update.accountId(), update.code(),
                    update.name() != null ? update.name() : state.name(),
                    update.status() != null ? update.status() : state.status(),
                    update.limits() != null ? update.limits() : state.limits(),
                    update.metadataJson() != null ? update.metadataJson() : state.metadataJson(), update.updatedAt());
        }
    }

    /** A transaction that later events of the batch may commit, void or reverse. */
    private static final class Held {
        final UUID id;
        final UUID ledgerId;
        final Posting[] postings;
        final Set<Integer> changedPositions = new TreeSet<>();
        String status;
        boolean statusChanged;
        OffsetDateTime committedAt;
        OffsetDateTime voidedAt;
        String voidReason;

        Held(TransactionState state) {
            this.id = state.id();
            this.ledgerId = state.ledgerId();
            this.status = state.status();
            this.postings = state.postings().toArray(Posting[]::new);
        }

        void change(int position, Posting posting) {
            postings[position] = posting;
            changedPositions.add(position);
        }

        void end(String newStatus, OffsetDateTime committed, OffsetDateTime voided, String reason) {
            status = newStatus;
            statusChanged = true;
            committedAt = committed;
            voidedAt = voided;
            voidReason = reason;
        }
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

        /** By id when there is one, else by code; {@code null} when this ledger has no such account. */
        AccountRef find(UUID ledgerId, UUID id, String code) {
            AccountRef found = id != null ? byId.get(id) : code != null ? byCode.get(new CodeKey(ledgerId, code)) : null;
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
