package io.laas.ledger.transaction.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.ledger.config.HoldConfig;
import io.laas.ledger.transaction.repository.TransactionRepository;
import io.laas.tenancy.LedgerScope;
import io.laas.web.problem.ProblemException;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Voids pending transactions whose {@code expires_at} has passed. Each void goes through the ledger's
 * group commit like a client's, without an idempotency key: when two replicas find the same hold, the
 * ledger's lock orders them, the first voids it and the second finds it no longer pending and changes
 * nothing. So each hold expires exactly once, however many replicas run and whether or not one
 * restarted meanwhile.
 */
@ApplicationScoped
public class HoldExpiry {

    private static final Logger LOG = Logger.getLogger(HoldExpiry.class);

    private final Pool pool;
    private final TransactionRepository transactions;
    private final TransactionLifecycle lifecycle;
    private final HoldConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    /** Finds the due holds of every ledger through the batch datasource; each is voided in its ledger's scope. */
    public HoldExpiry(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool, TransactionRepository transactions,
            TransactionLifecycle lifecycle, HoldConfig config) {
        this.pool = pool;
        this.transactions = transactions;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    /** One look at a time per replica: a slow one makes the next tick a no-op. */
    @Scheduled(identity = "hold-expiry", every = "${laas.ledger.holds.expiry-interval:1s}")
    Uni<Void> tick() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return voidExpired().onTermination().invoke(() -> running.set(false));
    }

    /** Voids the holds due now (at most {@code expiry-batch-size}); never fails. */
    public Uni<Void> voidExpired() {
        return transactions.findExpired(pool, OffsetDateTime.now(ZoneOffset.UTC), config.expiryBatchSize())
                .onItem().transformToMulti(expired -> Multi.createFrom().iterable(expired))
                .onItem().transformToUniAndMerge(ids -> expire(ids[0], ids[1]))
                .collect().last()
                .onFailure().invoke(e -> LOG.warnf("Voiding expired holds failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> expire(UUID ledgerId, UUID transactionId) {
        return lifecycle.voidPending(ledgerId, transactionId, null, true)
                .replaceWithVoid()
                // another replica (or a client) got there first: nothing left to do
                .onFailure(ProblemException.class).recoverWithNull()
                .replaceWithVoid();
    }
}
