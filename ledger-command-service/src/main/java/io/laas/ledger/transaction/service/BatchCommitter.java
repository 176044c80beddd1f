package io.laas.ledger.transaction.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.ledger.account.AccountBalance;
import io.laas.ledger.account.repository.AccountRepository;
import io.laas.ledger.event.ChainHead;
import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.event.service.EventLog;
import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.BatchItem;
import io.laas.ledger.transaction.TransactionState;
import io.laas.ledger.transaction.repository.IdempotencyRepository;
import io.laas.ledger.transaction.repository.TransactionRepository;
import io.laas.ledger.transaction.service.BatchJudge.Decision;
import io.laas.ledger.transaction.service.BatchJudge.Verdict;
import io.laas.outbox.OutboxRelay;
import io.laas.tenancy.LedgerScope;
import io.laas.web.problem.ProblemException;
import io.laas.web.tracing.TraceContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;

/**
 * Commits one batch of a ledger's items in one database transaction, in the ledger's row-level security scope,
 * and three round trips. The first ({@code BEGIN} and the scope pipelined ahead of it)
 * takes the ledger's row lock (serialising the ledger's writers, which keeps its sequence gapless),
 * locks the batch's accounts in id order (and the transactions it resolves or reverses) and reads
 * which idempotency keys are used; the {@link BatchJudge} then decides every item in order; the second
 * round trip records the accepted ones: keys, balances, holds and versions, transactions, sequence,
 * events and outbox rows; the third commits. The statements of a round trip are sent together (the connection
 * pipelines them), so the lock is held for little more than the work. Once the batch has committed, the outbox
 * relay is woken to publish its events at once.
 */
@ApplicationScoped
public class BatchCommitter {

    private static final Logger LOG = Logger.getLogger(BatchCommitter.class);

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final AccountRepository accounts;
    private final IdempotencyRepository idempotency;
    private final TransactionRepository transactions;
    private final EventLog events;
    private final OutboxRelay relay;
    private final PostingMetrics metrics;

    public BatchCommitter(Pool pool, LedgerRepository ledgers, AccountRepository accounts,
            IdempotencyRepository idempotency, TransactionRepository transactions, EventLog events, OutboxRelay relay,
            PostingMetrics metrics) {
        this.pool = pool;
        this.ledgers = ledgers;
        this.accounts = accounts;
        this.idempotency = idempotency;
        this.transactions = transactions;
        this.events = events;
        this.relay = relay;
        this.metrics = metrics;
    }

    /**
     * Returns one decision per transaction, in the batch's order. Fails as a whole only when the
     * database does; a failure caused by the data of one transaction (SQLSTATE classes 22 and 23) is
     * retried one transaction at a time, so that it fails alone.
     */
    public Uni<List<Decision>> commit(UUID ledgerId, List<? extends BatchItem> batch,
            Function<BatchItem, String> traceparents) {
        long start = System.nanoTime();
        return commitTogether(ledgerId, batch, false, traceparents)
                .onFailure(error -> batch.size() > 1 && isDataError(error)).recoverWithUni(error -> {
                    LOG.warnf("Ledger %s: a batch of %d failed on its data (%s); committing them one by one", ledgerId,
                            batch.size(), error.getMessage());
                    return oneByOne(ledgerId, batch, traceparents);
                })
                .invoke(decisions -> committed(ledgerId, batch.size(), start));
    }

    /**
     * Commits the items all together or not at all: when any is refused, nothing is written and the
     * decisions say which were refused (the others' decisions are what they would have been).
     */
    public Uni<List<Decision>> commitAtomically(UUID ledgerId, List<? extends BatchItem> batch) {
        long start = System.nanoTime();
        String traceparent = TraceContext.current();
        return commitTogether(ledgerId, batch, true, item -> traceparent).invoke(decisions -> committed(ledgerId, batch.size(), start));
    }

    /**
     * Counts the batch; at DEBUG ({@code quarkus.log.category."io.laas.ledger.transaction.service".level}) also logs
     * it, which shows which replica commits which ledger when the gateway spreads ledgers over several.
     */
    private void committed(UUID ledgerId, int size, long start) {
        metrics.batch(size, start);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Ledger %s: committed a batch of %d", ledgerId, size);
        }
    }

    private Uni<List<Decision>> oneByOne(UUID ledgerId, List<? extends BatchItem> batch,
            Function<BatchItem, String> traceparents) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(tx -> commitTogether(ledgerId, List.of(tx), false, traceparents)
                        .map(decisions -> decisions.get(0))
                        .onFailure().recoverWithItem(Decision::failed))
                .collect().asList();
    }

    /** @param traceparents the trace context of the request each item came from (its event carries it) */
    private Uni<List<Decision>> commitTogether(UUID ledgerId, List<? extends BatchItem> batch, boolean allOrNothing,
            Function<BatchItem, String> traceparents) {
        Set<String> codes = new TreeSet<>();
        Set<String> keys = new LinkedHashSet<>();
        Set<UUID> targets = new TreeSet<>();
        for (BatchItem item : batch) {
            codes.addAll(item.accountCodes());
            if (item.idempotencyKey() != null) {
                keys.add(item.idempotencyKey());
            }
            if (item.target() != null) {
                targets.add(item.target());
            }
        }
        // BEGIN and the ledger's scope go first in the first round trip: the locks and reads are pipelined behind them
        return LedgerScope.withLedger(pool, ledgerId, conn -> Uni.combine().all()
                .unis(ledgers.lockSequence(conn, ledgerId),
                        accounts.lockBalances(conn, ledgerId, codes.toArray(String[]::new)),
                        idempotency.findUsed(conn, ledgerId, keys.toArray(String[]::new)),
                        targets.isEmpty()
                                ? Uni.createFrom().item(Map.<UUID, TransactionState>of())
                                : transactions.lockStates(conn, ledgerId, targets.toArray(UUID[]::new)))
                .asTuple()
                .chain(state -> {
                    LedgerRepository.Locked locked = state.getItem1();
                    if (locked == null) {
                        throw Ledger.notFound(ledgerId);
                    }
                    Map<String, AccountBalance> byCode = state.getItem2().stream()
                            .collect(Collectors.toMap(balance -> balance.account().code(), Function.identity()));
                    ChainHead head = locked.head();
                    // an archived ledger still answers the replays of what it accepted before (same key, same
                    // request); anything new is refused, read from the row this transaction holds locked
                    ProblemException closed = locked.archivedAt() == null ? null
                            : Ledger.archived(ledgerId, locked.archivedAt());
                    Verdict verdict = BatchJudge.judge(ledgerId, head.lastSequence(), closed, byCode, state.getItem3(),
                            state.getItem4(), batch, UUID::randomUUID);
                    if (verdict.accepted().isEmpty() || allOrNothing && verdict.anyRefused()) {
                        return Uni.createFrom().item(verdict.withNothingAccepted());
                    }
                    return write(conn, ledgerId, head, verdict, traceparents).replaceWith(verdict);
                }))
                .invoke(verdict -> {
                    if (!verdict.accepted().isEmpty()) {
                        // committed: publish the new events now rather than on the relay's next tick
                        relay.wake();
                    }
                })
                .map(Verdict::decisions);
    }

    private Uni<Void> write(SqlConnection conn, UUID ledgerId, ChainHead head, Verdict verdict,
            Function<BatchItem, String> traceparents) {
        OffsetDateTime recordedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<LedgerEvent> posted = new ArrayList<>(verdict.accepted().size());
        for (AcceptedTransaction tx : verdict.accepted()) {
            posted.add(TransactionEvents.of(tx, ledgerId, recordedAt).causedBy(traceparents.apply(tx.item())));
        }
        List<Uni<?>> writes = new ArrayList<>(5);
        writes.add(events.append(conn, ledgerId, head, posted));
        if (!verdict.newKeys().isEmpty()) {
            writes.add(idempotency.insert(conn, ledgerId, verdict.newKeys()));
        }
        if (!verdict.movements().isEmpty()) {
            writes.add(accounts.addMovements(conn, verdict.movements()));
        }
        if (!verdict.newTransactions().isEmpty()) {
            writes.add(transactions.insert(conn, ledgerId, verdict.newTransactions()));
        }
        if (!verdict.changedTransactions().isEmpty()) {
            writes.add(transactions.updateStates(conn, verdict.changedTransactions()));
        }
        return Uni.combine().all().unis(writes).discardItems();
    }

    static boolean isDataError(Throwable error) {
        return error instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }
}
