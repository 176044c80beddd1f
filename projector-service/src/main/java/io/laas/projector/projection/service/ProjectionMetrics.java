package io.laas.projector.projection.service;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.laas.projector.config.ProjectorConfig;
import io.laas.projector.projection.repository.ParkedEventRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Projection metrics. {@code laas_projector_parked_events} counts the events of all ledgers waiting for a
 * predecessor (read from the database, so every replica reports the same value); anything above zero for
 * long means a ledger is stalled behind a missing event.
 */
@ApplicationScoped
public class ProjectionMetrics {

    private static final Logger LOG = Logger.getLogger(ProjectionMetrics.class);

    private final Pool pool;
    private final ParkedEventRepository parkedEvents;
    private final ProjectorConfig config;
    private final Vertx vertx;
    private final AtomicLong parked = new AtomicLong();
    private final Counter applied;
    private final Counter duplicates;
    private final Counter parkedTotal;
    private final Counter poison;
    private final Counter retries;
    private volatile long timerId = -1;

    public ProjectionMetrics(MeterRegistry registry, Pool pool, ParkedEventRepository parkedEvents,
            ProjectorConfig config, Vertx vertx) {
        this.pool = pool;
        this.parkedEvents = parkedEvents;
        this.config = config;
        this.vertx = vertx;
        Gauge.builder("laas.projector.parked.events", parked, AtomicLong::get)
                .description("Events received before their predecessor, waiting to be applied")
                .register(registry);
        this.applied = events(registry, "applied");
        this.duplicates = events(registry, "duplicate");
        this.parkedTotal = events(registry, "parked");
        this.poison = Counter.builder("laas.projector.poison.events")
                .description("Records that can never be projected, sent to the dead-letter topic")
                .register(registry);
        this.retries = Counter.builder("laas.projector.retries")
                .description("Failed projection attempts that are retried (database unavailable, lock timeout...)")
                .register(registry);
    }

    private static Counter events(MeterRegistry registry, String outcome) {
        return Counter.builder("laas.projector.events")
                .description("Ledger events handled by the projector, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        refreshParked();
        timerId = vertx.setPeriodic(Math.max(1000, config.parkedGaugeRefresh().toMillis()), id -> refreshParked());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    public void refreshParked() {
        parkedEvents.count(pool).subscribe().with(parked::set,
                failure -> LOG.debugf("Cannot count parked events yet: %s", failure.getMessage()));
    }

    public void record(ProjectionService.Outcome outcome) {
        applied.increment(outcome.applied());
        if (outcome.duplicate()) {
            duplicates.increment();
        }
        if (outcome.parked()) {
            parkedTotal.increment();
        }
        if (outcome.parkedChanged()) {
            refreshParked();
        }
    }

    public void poison() {
        poison.increment();
    }

    public void retry() {
        retries.increment();
    }
}
