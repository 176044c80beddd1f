package io.laas.ledger.transaction.service;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.ledger.account.Account;
import io.laas.ledger.account.repository.AccountRepository;
import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.repository.IdempotencyRepository;
import io.laas.ledger.transaction.repository.IdempotencyRepository.StoredResponse;
import io.laas.ledger.transaction.repository.TransactionWriter;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;

/**
 * Posts transactions: answers replays from the idempotency record, judges a new request against the
 * ledger and its accounts without taking locks, and only then commits it in one database transaction.
 * A rejected request writes nothing and leaves the ledger's sequence unchanged.
 */
@ApplicationScoped
public class PostingService {

    private static final Logger LOG = Logger.getLogger(PostingService.class);

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final AccountRepository accounts;
    private final IdempotencyRepository idempotency;
    private final TransactionRules rules;
    private final TransactionWriter writer;
    private final PostingMetrics metrics;

    public PostingService(Pool pool, LedgerRepository ledgers, AccountRepository accounts,
            IdempotencyRepository idempotency, TransactionRules rules, TransactionWriter writer, PostingMetrics metrics) {
        this.pool = pool;
        this.ledgers = ledgers;
        this.accounts = accounts;
        this.idempotency = idempotency;
        this.rules = rules;
        this.writer = writer;
        this.metrics = metrics;
    }

    public Uni<PostingResult> post(TransactionCommand command) {
        long start = System.nanoTime();
        return replayOr(command, () -> postNew(command))
                // Two requests with one key raced past the lookup: the loser replays the winner's answer.
                .onFailure(PostingService::isKeyTaken).recoverWithUni(() -> replayOr(command,
                        () -> Uni.createFrom().failure(new IllegalStateException("idempotency record vanished"))))
                .invoke(result -> {
                    if (!result.replayed()) {
                        metrics.posted();
                    }
                })
                .onFailure(ProblemException.class).invoke(e -> metrics.rejected(((ProblemException) e).code()))
                .onTermination().invoke(() -> metrics.latency(start));
    }

    private Uni<PostingResult> replayOr(TransactionCommand command, java.util.function.Supplier<Uni<PostingResult>> orElse) {
        return idempotency.find(pool, command.ledgerId(), command.idempotencyKey())
                .chain(stored -> stored == null ? orElse.get() : Uni.createFrom().item(() -> replay(command, stored)));
    }

    private PostingResult replay(TransactionCommand command, StoredResponse stored) {
        if (!stored.requestHash().equals(command.requestHash())) {
            throw ProblemException.conflict("IDEMPOTENCY_KEY_REUSED", "Idempotency key " + command.idempotencyKey()
                    + " was already used for a different request in this ledger.");
        }
        metrics.replayed();
        return new PostingResult(stored.status(), stored.body(), stored.transactionId(), true);
    }

    private Uni<PostingResult> postNew(TransactionCommand command) {
        Uni<Ledger> ledger = ledgers.findById(pool, command.ledgerId());
        Uni<List<Account>> known = accounts.findByCodes(pool, command.ledgerId(), command.accountCodes());
        return Uni.combine().all().unis(ledger, known).asTuple()
                .map(found -> {
                    if (found.getItem1() == null) {
                        throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + command.ledgerId() + " was not found.");
                    }
                    Map<String, Account> byCode = found.getItem2().stream()
                            .collect(Collectors.toMap(Account::code, Function.identity()));
                    return rules.check(command, found.getItem1(), byCode);
                })
                .chain(accepted -> commit(accepted));
    }

    private Uni<PostingResult> commit(AcceptedTransaction accepted) {
        return pool.withTransaction(conn -> writer.write(conn, accepted.command().ledgerId(), List.of(accepted)))
                .map(responses -> {
                    StoredResponse response = responses.get(0);
                    LOG.debugf("Posted transaction %s in ledger %s", response.transactionId(), accepted.command().ledgerId());
                    return new PostingResult(response.status(), response.body(), response.transactionId(), false);
                });
    }

    private static boolean isKeyTaken(Throwable error) {
        return error instanceof PgException pg && "23505".equals(pg.getSqlState())
                && IdempotencyRepository.PRIMARY_KEY.equals(pg.getConstraint());
    }
}
