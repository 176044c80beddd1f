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
import io.laas.ledger.registry.repository.LedgerRepository;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.repository.IdempotencyRepository;
import io.laas.ledger.transaction.service.BatchJudge.Decision;
import io.laas.ledger.transaction.service.BatchJudge.Verdict;
import io.laas.outbox.OutboxRelay;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;

/**
 * Commits one batch of a ledger's transactions in one database transaction and two round trips. The
 * first takes the ledger's row lock (serialising the ledger's writers, which keeps its sequence
 * gapless), locks the batch's accounts in id order and reads which idempotency keys are used; the
 * {@link BatchJudge} then decides every transaction in order; the second round trip records the
 * accepted ones: keys, balances, sequence, events and outbox rows. The statements of a round trip are
 * sent together (the connection pipelines them), so the lock is held for little more than the work.
 * Once the batch has committed, the outbox relay is woken to publish its events at once.
 */
@ApplicationScoped
public class BatchCommitter {

    private static final Logger LOG = Logger.getLogger(BatchCommitter.class);

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final AccountRepository accounts;
    private final IdempotencyRepository idempotency;
    private final EventLog events;
    private final OutboxRelay relay;
    private final PostingMetrics metrics;

    public BatchCommitter(Pool pool, LedgerRepository ledgers, AccountRepository accounts,
            IdempotencyRepository idempotency, EventLog events, OutboxRelay relay, PostingMetrics metrics) {
        this.pool = pool;
        this.ledgers = ledgers;
        this.accounts = accounts;
        this.idempotency = idempotency;
        this.events = events;
        this.relay = relay;
        this.metrics = metrics;
    }

    /**
     * Returns one decision per transaction, in the batch's order. Fails as a whole only when the
     * database does; a failure caused by the data of one transaction (SQLSTATE classes 22 and 23) is
     * retried one transaction at a time, so that it fails alone.
     */
    public Uni<List<Decision>> commit(UUID ledgerId, List<CheckedTransaction> batch) {
        long start = System.nanoTime();
        return commitTogether(ledgerId, batch)
                .onFailure(error -> batch.size() > 1 && isDataError(error)).recoverWithUni(error -> {
                    LOG.warnf("Ledger %s: a batch of %d failed on its data (%s); committing them one by one", ledgerId,
                            batch.size(), error.getMessage());
                    return oneByOne(ledgerId, batch);
                })
                .invoke(decisions -> metrics.batch(batch.size(), start));
    }

    private Uni<List<Decision>> oneByOne(UUID ledgerId, List<CheckedTransaction> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(tx -> commitTogether(ledgerId, List.of(tx))
                        .map(decisions -> decisions.get(0))
                        .onFailure().recoverWithItem(Decision::failed))
                .collect().asList();
    }

    private Uni<List<Decision>> commitTogether(UUID ledgerId, List<CheckedTransaction> batch) {
        Set<String> codes = new TreeSet<>();
        Set<String> keys = new LinkedHashSet<>();
        for (CheckedTransaction tx : batch) {
            codes.addAll(tx.command().accountCodes());
            keys.add(tx.command().idempotencyKey());
        }
        return pool.withTransaction(conn -> Uni.combine().all()
                .unis(ledgers.lockSequence(conn, ledgerId),
                        accounts.lockBalances(conn, ledgerId, codes.toArray(String[]::new)),
                        idempotency.findUsed(conn, ledgerId, keys.toArray(String[]::new)))
                .asTuple()
                .chain(state -> {
                    if (state.getItem1() == null) {
                        throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + ledgerId + " was not found.");
                    }
                    Map<String, AccountBalance> byCode = state.getItem2().stream()
                            .collect(Collectors.toMap(balance -> balance.account().code(), Function.identity()));
                    ChainHead head = state.getItem1();
                    Verdict verdict = BatchJudge.judge(ledgerId, head.lastSequence(), byCode, state.getItem3(), batch,
                            UUID::randomUUID);
                    if (verdict.accepted().isEmpty()) {
                        return Uni.createFrom().item(verdict);
                    }
                    return write(conn, ledgerId, head, verdict).replaceWith(verdict);
                }))
                .invoke(verdict -> {
                    if (!verdict.accepted().isEmpty()) {
                        // committed: publish the new events now rather than on the relay's next tick
                        relay.wake();
                    }
                })
                .map(Verdict::decisions);
    }

    private Uni<Void> write(SqlConnection conn, UUID ledgerId, ChainHead head, Verdict verdict) {
        OffsetDateTime recordedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<LedgerEvent> posted = new ArrayList<>(verdict.accepted().size());
        for (AcceptedTransaction tx : verdict.accepted()) {
            posted.add(PostedEvents.of(tx, ledgerId, recordedAt));
        }
        return Uni.combine().all()
                .unis(idempotency.insert(conn, ledgerId, verdict.newKeys()),
                        accounts.addMovements(conn, verdict.movements()),
                        events.append(conn, ledgerId, head, posted))
                .discardItems();
    }

    static boolean isDataError(Throwable error) {
        return error instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }
}
