package io.laas.webhook.stats.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.tenancy.LedgerScope;
import io.laas.webhook.stats.config.StatsConfig;
import io.laas.webhook.stats.repository.EndpointStatsRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Deletes the hourly endpoint counters older than the retention, for every ledger (hence the batch pool). Each
 * replica runs it; the deletes are idempotent.
 */
@ApplicationScoped
public class StatsCleanup {

    private static final Logger LOG = Logger.getLogger(StatsCleanup.class);

    private final Pool pool;
    private final EndpointStatsRepository stats;
    private final StatsConfig config;

    public StatsCleanup(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool, EndpointStatsRepository stats,
            StatsConfig config) {
        this.pool = pool;
        this.stats = stats;
        this.config = config;
    }

    @Scheduled(identity = "webhook-stats-cleanup", every = "${laas.webhook.stats.cleanup-interval:1h}",
            delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return deleteExpired()
                .onFailure().invoke(e -> LOG.warn("Could not delete the expired endpoint statistics", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes the counters of hours that began before now minus the retention; how many rows. */
    public Uni<Integer> deleteExpired() {
        Instant cutoff = Instant.now().minus(config.retention());
        return stats.deleteBefore(pool, cutoff)
                .invoke(deleted -> LOG.debugf("Deleted %d endpoint statistics rows before %s", deleted, cutoff));
    }
}
