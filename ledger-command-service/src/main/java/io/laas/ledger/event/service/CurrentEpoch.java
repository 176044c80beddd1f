package io.laas.ledger.event.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The epoch this service stamps its events with: the latest of {@code ledger.epochs}, read once at start. Only a
 * restore starts a new epoch (the epoch script, docs/operations.md "Backup and restore"), and a restore requires
 * every service to be stopped, so the value cannot change while the service runs.
 */
@ApplicationScoped
public class CurrentEpoch {

    private static final Logger LOG = Logger.getLogger(CurrentEpoch.class);

    private final Pool pool;
    private volatile Long current;

    public CurrentEpoch(Pool pool) {
        this.pool = pool;
    }

    void load(@Observes StartupEvent start) {
        long epoch = pool.query("SELECT max(epoch) AS epoch FROM epochs").execute()
                .map(rows -> rows.iterator().next().getLong("epoch"))
                .await().atMost(Duration.ofSeconds(30));
        current = epoch;
        LOG.infof("Writing events in epoch %d", epoch);
    }

    public long current() {
        Long epoch = current;
        if (epoch == null) {
            throw new IllegalStateException("the epoch is not loaded yet: the service has not started");
        }
        return epoch;
    }
}
