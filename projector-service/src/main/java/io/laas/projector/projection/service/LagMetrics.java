package io.laas.projector.projection.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.laas.projector.config.ProjectorConfig;
import io.laas.projector.projection.repository.ProgressRepository;
import io.laas.projector.projection.repository.ProgressRepository.Behind;
import io.laas.tenancy.LedgerScope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Projection lag per ledger, against the events the projector received for it (see
 * {@link io.laas.projector.projection.ProjectionLag}), read from the database every
 * {@code laas.projector.gauge-refresh}, so every replica reports the same values:
 * <ul>
 * <li>{@code laas_projector_ledgers_behind}: ledgers behind an event received;</li>
 * <li>{@code laas_projector_lag_events_max}, {@code laas_projector_lag_seconds_max}: the furthest behind, in
 * events and in seconds the oldest event not applied has waited;</li>
 * <li>{@code laas_projector_ledger_lag_events{ledger_id}}, {@code laas_projector_ledger_lag_seconds{ledger_id}}:
 * the same per ledger, only for the {@code lag.ledger-gauges} ledgers furthest behind and at least
 * {@code lag.ledger-gauge-threshold} events behind. A series per ledger would be unbounded with thousands of
 * ledgers; these come and go with the ledgers that are behind.</li>
 * </ul>
 */
@ApplicationScoped
public class LagMetrics {

    private static final Logger LOG = Logger.getLogger(LagMetrics.class);
    private static final String LEDGER_EVENTS = "laas.projector.ledger.lag.events";
    private static final String LEDGER_SECONDS = "laas.projector.ledger.lag.seconds";

    /** The values of one ledger's gauges; the gauges read them. */
    private record LedgerGauges(Gauge events, Gauge seconds, double[] values) {
    }

    private final MeterRegistry registry;
    private final Pool pool;
    private final ProgressRepository progress;
    private final ProjectorConfig config;
    private final Vertx vertx;
    private final double[] totals = new double[3];
    private final Map<UUID, LedgerGauges> ledgers = new HashMap<>();
    private volatile long timerId = -1;

    public LagMetrics(MeterRegistry registry, @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool,
            ProgressRepository progress, ProjectorConfig config, Vertx vertx) {
        this.registry = registry;
        this.pool = pool;
        this.progress = progress;
        this.config = config;
        this.vertx = vertx;
        Gauge.builder("laas.projector.ledgers.behind", totals, t -> t[0])
                .description("Ledgers whose projection is behind an event already received (parked or failed)")
                .register(registry);
        Gauge.builder("laas.projector.lag.events.max", totals, t -> t[1])
                .description("Events received and not applied, of the ledger furthest behind")
                .register(registry);
        Gauge.builder("laas.projector.lag.seconds.max", totals, t -> t[2])
                .description("Seconds the oldest event received and not applied has waited, over all ledgers")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        refresh();
        timerId = vertx.setPeriodic(Math.max(1000, config.gaugeRefresh().toMillis()), id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    public void refresh() {
        progress.behind(pool).subscribe().with(this::update,
                failure -> LOG.debugf("Cannot read the projection lag now: %s", failure.getMessage()));
    }

    private synchronized void update(List<Behind> behind) {
        totals[0] = behind.size();
        totals[1] = behind.stream().mapToLong(Behind::eventsBehind).max().orElse(0);
        totals[2] = behind.stream().mapToDouble(Behind::secondsBehind).max().orElse(0);
        Map<UUID, Behind> shown = new HashMap<>();
        for (Behind ledger : behind) { // furthest behind first
            if (shown.size() >= config.lag().ledgerGauges()) {
                break;
            }
            if (ledger.eventsBehind() >= config.lag().ledgerGaugeThreshold()) {
                shown.put(ledger.ledgerId(), ledger);
            }
        }
        ledgers.entrySet().removeIf(entry -> {
            if (shown.containsKey(entry.getKey())) {
                return false;
            }
            registry.remove(entry.getValue().events());
            registry.remove(entry.getValue().seconds());
            return true;
        });
        shown.forEach((ledgerId, lag) -> {
            LedgerGauges gauges = ledgers.computeIfAbsent(ledgerId, this::register);
            gauges.values()[0] = lag.eventsBehind();
            gauges.values()[1] = lag.secondsBehind();
        });
    }

    private LedgerGauges register(UUID ledgerId) {
        double[] values = new double[2];
        Gauge events = Gauge.builder(LEDGER_EVENTS, values, v -> v[0])
                .description("Events received and not applied, for the ledgers furthest behind")
                .tag("ledger_id", ledgerId.toString())
                .register(registry);
        Gauge seconds = Gauge.builder(LEDGER_SECONDS, values, v -> v[1])
                .description("Seconds the ledger's oldest event received and not applied has waited")
                .tag("ledger_id", ledgerId.toString())
                .register(registry);
        return new LedgerGauges(events, seconds, values);
    }
}
