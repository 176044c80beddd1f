package io.laas.projector.projection.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.projector.account.AccountChange;
import io.laas.projector.account.AccountRef;
import io.laas.projector.account.repository.AccountRepository;
import io.laas.projector.asset.repository.AssetRepository;
import io.laas.projector.balance.repository.AccountEntryRepository;
import io.laas.projector.projection.LedgerEvent;
import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.AccountUpdated;
import io.laas.projector.projection.LedgerEvent.PostingData;
import io.laas.projector.projection.LedgerEvent.TransactionCommitted;
import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.projection.LedgerEvent.TransactionVoided;
import io.laas.projector.projection.LedgerEventParser;
import io.laas.projector.projection.ParsedEvent;
import io.laas.projector.projection.RawEvent;
import io.laas.projector.projection.repository.ParkedEventRepository;
import io.laas.projector.projection.repository.ParkedEventRepository.ParkedEvent;
import io.laas.projector.projection.repository.ProgressRepository;
import io.laas.projector.transaction.NewTransaction;
import io.laas.projector.transaction.TransactionChange;
import io.laas.projector.transaction.TransactionState;
import io.laas.projector.transaction.repository.TransactionRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies a batch of records inside the caller's database transaction, with a fixed number of statements
 * whatever the batch size: lock the ledgers' progress rows (in id order), read their parked events, the
 * processed ids, the accounts and transactions named, decide in memory ({@link BatchPlan}), then write
 * accounts, new transactions with their postings, the new state of transactions committed, voided or
 * reversed, one change per account (balances, holds, version, state), the accounts' entries (statements and
 * balances as of a time: {@link AccountEntryRepository}), processed ids, parked events and progress. A
 * ledger whose parked events continue beyond what was read is drained in a further round.
 * Failures are returned, not recorded: the caller records them, in the same transaction.
 */
@ApplicationScoped
public class EventBatchApplier {

    private static final Logger LOG = Logger.getLogger(EventBatchApplier.class);

    /** How far beyond a ledger's last sequence one round reads parked events. */
    static final long PARKED_WINDOW = 10_000;

    private final ProgressRepository progress;
    private final ParkedEventRepository parkedEvents;
    private final AccountRepository accounts;
    private final AssetRepository assets;
    private final TransactionRepository transactions;
    private final AccountEntryRepository entries;
    private final LedgerEventParser parser;

    public EventBatchApplier(ProgressRepository progress, ParkedEventRepository parkedEvents,
            AccountRepository accounts, AssetRepository assets, TransactionRepository transactions,
            AccountEntryRepository entries, LedgerEventParser parser) {
        this.progress = progress;
        this.parkedEvents = parkedEvents;
        this.accounts = accounts;
        this.assets = assets;
        this.transactions = transactions;
        this.entries = entries;
        this.parser = parser;
    }

    public Uni<BatchResult> apply(SqlConnection conn, List<ParsedEvent> records) {
        Set<UUID> ledgers = new HashSet<>();
        records.forEach(r -> {
            if (r instanceof ParsedEvent.Readable readable) {
                ledgers.add(readable.event().ledgerId());
            }
        });
        return round(conn, records, ledgers);
    }

    /**
     * Applies the parked events that continue these ledgers from their progress (a ledger whose progress was moved
     * by other means than a batch, such as a rebuild's swap), inside the caller's transaction.
     */
    public Uni<BatchResult> drain(SqlConnection conn, Set<UUID> ledgers) {
        return round(conn, List.of(), ledgers);
    }

    /** One round: a batch's records, or (no records) the further draining of ledgers whose chain went on. */
    private Uni<BatchResult> round(SqlConnection conn, List<ParsedEvent> records, Set<UUID> ledgers) {
        Uni<Map<UUID, Long>> locked = ledgers.isEmpty() ? Uni.createFrom().item(Map.of()) : progress.lock(conn, ledgers);
        return locked.chain(last -> plan(conn, records, last))
                .chain(plan -> write(conn, plan)
                        .chain(parkedChanged -> {
                            BatchResult result = BatchResult.of(plan, parkedChanged);
                            if (plan.drainFurther.isEmpty()) {
                                return Uni.createFrom().item(result);
                            }
                            return round(conn, List.of(), plan.drainFurther)
                                    .map(further -> result.then(further, false));
                        }));
    }

    /**
     * Reads what the plan needs. Independent queries are sent together (the connection pipelines them):
     * parked candidates, processed ids, accounts and transactions of the records; parked events, rare, need a
     * second look.
     */
    private Uni<BatchPlan> plan(SqlConnection conn, List<ParsedEvent> records, Map<UUID, Long> last) {
        List<UUID> claimLedgers = new ArrayList<>();
        List<Long> claimSequences = new ArrayList<>();
        Set<UUID> eventIds = new HashSet<>();
        Map<UUID, Long> drainFrom = new HashMap<>();
        if (records.isEmpty()) {
            drainFrom.putAll(last);
        }
        for (ParsedEvent record : records) {
            if (record instanceof ParsedEvent.Readable readable) {
                LedgerEvent event = readable.event();
                claimLedgers.add(event.ledgerId());
                claimSequences.add(event.sequence());
                eventIds.add(event.eventId());
                if (event.sequence() == last.get(event.ledgerId()) + 1) {
                    drainFrom.put(event.ledgerId(), last.get(event.ledgerId()));
                }
            } else if (((ParsedEvent.Unreadable) record).eventId() != null) {
                eventIds.add(((ParsedEvent.Unreadable) record).eventId());
            }
        }
        TransactionsNamed named = transactionsNamed(records);
        return Uni.combine().all().unis(
                parkedEvents.candidates(conn, drainFrom, PARKED_WINDOW, claimLedgers, claimSequences),
                progress.processed(conn, eventIds),
                accountsNamed(conn, records),
                transactions.existing(conn, named.created()),
                transactions.states(conn, named.referenced()))
                .asTuple()
                .chain(read -> {
                    List<BatchPlan.Parked> parked = new ArrayList<>(read.getItem1().size());
                    for (ParkedEvent row : read.getItem1()) {
                        parked.add(new BatchPlan.Parked(row.ledgerId(), row.sequence(), row.eventId(),
                                parser.classify(new RawEvent(row.payload(), null, null, null, "parked"))));
                    }
                    Set<UUID> processed = new HashSet<>(read.getItem2());
                    List<AccountRef> known = new ArrayList<>(read.getItem3());
                    Set<UUID> projected = new HashSet<>(read.getItem4());
                    List<TransactionState> states = new ArrayList<>(read.getItem5());
                    Uni<Void> parkedRead = Uni.createFrom().voidItem();
                    if (!parked.isEmpty()) {
                        List<ParsedEvent> parkedEvents = parked.stream().map(BatchPlan.Parked::parsed).toList();
                        TransactionsNamed parkedNamed = transactionsNamed(parkedEvents);
                        parkedRead = Uni.combine().all().unis(
                                progress.processed(conn, parked.stream().map(BatchPlan.Parked::eventId)
                                        .collect(java.util.stream.Collectors.toSet())),
                                accountsNamed(conn, parkedEvents),
                                transactions.existing(conn, parkedNamed.created()),
                                transactions.states(conn, parkedNamed.referenced()))
                                .asTuple()
                                .invoke(more -> {
                                    processed.addAll(more.getItem1());
                                    known.addAll(more.getItem2());
                                    projected.addAll(more.getItem3());
                                    states.addAll(more.getItem4());
                                })
                                .replaceWithVoid();
                    }
                    return parkedRead.chain(() -> appliedAt(conn, records, last, processed))
                            .map(appliedAt -> BatchPlan.of(new BatchPlan.Input(last, records, parked, processed,
                                    appliedAt, known, projected, states), PARKED_WINDOW));
                });
    }

    /**
     * The transactions events create (to tell those projected already) and those that commits, voids and
     * reversals name (read with their postings). A transaction both created and referenced in one batch is
     * read in vain and then known from the plan.
     */
    private record TransactionsNamed(Set<UUID> created, Set<UUID> referenced) {
    }

    private static TransactionsNamed transactionsNamed(List<ParsedEvent> events) {
        Set<UUID> created = new HashSet<>();
        Set<UUID> referenced = new HashSet<>();
        for (ParsedEvent parsed : events) {
            if (!(parsed instanceof ParsedEvent.Readable readable)) {
                continue;
            }
            LedgerEvent.EventData data = readable.event().data();
            if (data instanceof TransactionPosted tx) {
                created.add(tx.transactionId());
                if (tx.reversalOf() != null) {
                    referenced.add(tx.reversalOf());
                }
            } else if (data instanceof TransactionCommitted commit) {
                referenced.add(commit.transactionId());
            } else if (data instanceof TransactionVoided voided) {
                referenced.add(voided.transactionId());
            }
        }
        return new TransactionsNamed(created, referenced);
    }

    /** Who holds the sequences that records claim below their ledger's progress (sequence conflicts). */
    private Uni<Map<BatchPlan.LedgerSequence, UUID>> appliedAt(SqlConnection conn, List<ParsedEvent> records,
            Map<UUID, Long> last, Set<UUID> processed) {
        List<UUID> ledgers = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        for (ParsedEvent record : records) {
            if (record instanceof ParsedEvent.Readable readable) {
                LedgerEvent event = readable.event();
                if (!processed.contains(event.eventId()) && event.sequence() <= last.get(event.ledgerId())) {
                    ledgers.add(event.ledgerId());
                    sequences.add(event.sequence());
                }
            }
        }
        return progress.appliedAt(conn, ledgers, sequences).map(found -> {
            Map<BatchPlan.LedgerSequence, UUID> holders = new HashMap<>();
            found.forEach(a -> holders.put(new BatchPlan.LedgerSequence(a.ledgerId(), a.sequence()), a.eventId()));
            return holders;
        });
    }

    private record CodeKey(UUID ledgerId, String code) {
    }

    /** The read-model accounts that the events' postings, new accounts (and parents) and updates name. */
    private Uni<List<AccountRef>> accountsNamed(SqlConnection conn, List<ParsedEvent> events) {
        Set<UUID> ids = new HashSet<>();
        Set<CodeKey> codeKeys = new LinkedHashSet<>();
        for (ParsedEvent parsed : events) {
            if (!(parsed instanceof ParsedEvent.Readable readable)) {
                continue;
            }
            LedgerEvent event = readable.event();
            if (event.data() instanceof TransactionPosted tx) {
                for (PostingData posting : tx.postings()) {
                    if (posting.accountId() != null) {
                        ids.add(posting.accountId());
                    } else {
                        codeKeys.add(new CodeKey(event.ledgerId(), posting.accountCode()));
                    }
                }
            } else if (event.data() instanceof AccountCreated account) {
                ids.add(account.accountId());
                codeKeys.add(new CodeKey(event.ledgerId(), account.code()));
                if (account.parentId() != null) {
                    ids.add(account.parentId());
                } else if (account.parentCode() != null) {
                    codeKeys.add(new CodeKey(event.ledgerId(), account.parentCode()));
                }
            } else if (event.data() instanceof AccountUpdated update) {
                if (update.accountId() != null) {
                    ids.add(update.accountId());
                } else {
                    codeKeys.add(new CodeKey(event.ledgerId(), update.code()));
                }
            }
        }
        List<UUID> codeLedgers = codeKeys.stream().map(CodeKey::ledgerId).toList();
        List<String> codes = codeKeys.stream().map(CodeKey::code).toList();
        return accounts.find(conn, ids, codeLedgers, codes);
    }

    /**
     * Emits whether parked events were added or removed. New accounts go first (the account changes must see
     * them), new transactions before the changes of those committed, voided or reversed; the other statements
     * are independent and sent together. A statement that finds fewer rows than the plan expected means the read
     * model disagrees with it: {@link ProjectionInconsistencyException}.
     */
    private Uni<Boolean> write(SqlConnection conn, BatchPlan plan) {
        plan.alreadyProjected.forEach(tx -> LOG.warnf("Ledger %s: transaction %s (sequence %d) is already projected; "
                + "left as it is, balances unchanged", tx.ledgerId(), tx.data().transactionId(), tx.sequence()));
        List<NewTransaction> created = plan.transactions;
        List<TransactionChange> changed = plan.transactionChanges();
        Uni<Void> transactionsWritten = transactions.insert(conn, created).invoke(inserted -> {
            if (inserted.transactions() != created.size()) {
                throw new ProjectionInconsistencyException(created.size() + " new transactions were to be inserted "
                        + "but " + inserted.transactions() + " were: some are projected already");
            }
        }).chain(() -> changed.isEmpty() ? Uni.createFrom().voidItem() : transactions.update(conn, changed)
                .invoke(updated -> {
                    long expected = changed.stream()
                            .mapToLong(c -> (c.statusChanged() ? 1 : 0) + c.postings().size()).sum();
                    if (updated != expected) {
                        throw new ProjectionInconsistencyException("commits, voids and reversals were to change "
                                + expected + " transaction and posting rows but " + updated + " exist");
                    }
                }).replaceWithVoid());
        List<AccountChange> accountChanges = plan.accountChanges();
        Uni<Void> accountsChanged = accounts.apply(conn, accountChanges).invoke(moved -> {
            if (moved != accountChanges.size()) {
                throw new ProjectionInconsistencyException("events name " + accountChanges.size()
                        + " accounts but only " + moved + " exist in the read model");
            }
        }).replaceWithVoid();
        Uni<Integer> unparked = parkedEvents.deleteUpTo(conn, plan.advanced);
        Uni<Void> entriesWritten = entries.record(conn, plan.entries).invoke(written -> {
            if (written != plan.entries.size()) {
                throw new ProjectionInconsistencyException(plan.entries.size() + " account entries were to be "
                        + "written but " + written + " were");
            }
        }).replaceWithVoid();
        return accounts.insert(conn, plan.accounts)
                .chain(() -> assets.insert(conn, plan.assets))
                .chain(() -> Uni.combine().all().unis(transactionsWritten, accountsChanged,
                        progress.markProcessed(conn, plan.applied), parkedEvents.park(conn, plan.toPark), unparked,
                        progress.advance(conn, plan.advanced), entriesWritten)
                        .with(results -> (Integer) results.get(4) > 0 || !plan.toPark.isEmpty()));
    }
}
