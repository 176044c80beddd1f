package io.laas.projector.projection.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.laas.projector.config.ProjectorConfig;
import io.laas.projector.failure.repository.FailedEventRepository;
import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.repository.ParkedEventRepository;
import io.laas.tenancy.LedgerScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Projection metrics. The gauges are read from the database (so every replica reports the same value),
 * every {@code laas.projector.gauge-refresh} and right after a batch changes them:
 * <ul>
 * <li>{@code laas_projector_parked_events}: events of all ledgers waiting for a predecessor; above zero for
 * long means a ledger is stalled behind a missing or failed event;</li>
 * <li>{@code laas_projector_failed_events{kind}}: open failed events ({@code poison}, {@code sequence_conflict})
 * waiting for an operator (see {@code /v1/ops/projector/failed-events}).</li>
 * </ul>
 * Counters: {@code laas_projector_events_total{outcome}}, {@code laas_projector_poison_events_total},
 * {@code laas_projector_sequence_conflicts_total} (integrity errors), {@code laas_projector_retries_total}
 * (batches retried because the database failed); {@code laas_projector_batch_seconds} and
 * {@code laas_projector_batch_records} time and size the batches; {@code laas_projector_event_delay_seconds}
 * times each event from its {@code recorded_at} (the command service's clock) to the commit that applied it:
 * how old a write is when reads first show it, and how far the whole projection is behind when it grows.
 */
@ApplicationScoped
public class ProjectionMetrics {

    private static final Logger LOG = Logger.getLogger(ProjectionMetrics.class);

    private final Pool pool;
    private final ParkedEventRepository parkedEvents;
    private final FailedEventRepository failedEvents;
    private final ProjectorConfig config;
    private final Vertx vertx;
    private final AtomicLong parked = new AtomicLong();
    private final Map<EventFailure.Kind, AtomicLong> openFailures = new EnumMap<>(EventFailure.Kind.class);
    private final Map<EventOutcome, Counter> events = new EnumMap<>(EventOutcome.class);
    private final Counter poison;
    private final Counter sequenceConflicts;
    private final Counter retries;
    private final Timer batchTime;
    private final DistributionSummary batchRecords;
    private final Timer eventDelay;
    private volatile long timerId = -1;

    public ProjectionMetrics(MeterRegistry registry, @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool,
            ParkedEventRepository parkedEvents, FailedEventRepository failedEvents, ProjectorConfig config,
            Vertx vertx) {
        this.pool = pool;
        this.parkedEvents = parkedEvents;
        this.failedEvents = failedEvents;
        this.config = config;
        this.vertx = vertx;
        Gauge.builder("laas.projector.parked.events", parked, AtomicLong::get)
                .description("Events received before their predecessor, waiting to be applied")
                .register(registry);
        for (EventFailure.Kind kind : EventFailure.Kind.values()) {
            AtomicLong open = new AtomicLong();
            openFailures.put(kind, open);
            Gauge.builder("laas.projector.failed.events", open, AtomicLong::get)
                    .description("Failed events waiting for an operator (list and re-drive: /v1/ops/projector/failed-events)")
                    .tag("kind", kind.code())
                    .register(registry);
        }
        for (EventOutcome outcome : EventOutcome.values()) {
            events.put(outcome, Counter.builder("laas.projector.events")
                    .description("Ledger events handled by the projector, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry));
        }
        this.poison = Counter.builder("laas.projector.poison.events")
                .description("Events that cannot be applied (unreadable, invalid, unknown account), recorded as failed")
                .register(registry);
        this.sequenceConflicts = Counter.builder("laas.projector.sequence.conflicts")
                .description("Integrity errors: a ledger sequence claimed by a second event id, recorded as failed")
                .register(registry);
        this.retries = Counter.builder("laas.projector.retries")
                .description("Batches retried because the database failed (unavailable, lock timeout...)")
                .register(registry);
        this.batchTime = Timer.builder("laas.projector.batch")
                .description("Time to apply one batch of records, from the first statement to the commit")
                .register(registry);
        this.batchRecords = DistributionSummary.builder("laas.projector.batch.records")
                .description("Records per batch").register(registry);
        this.eventDelay = Timer.builder("laas.projector.event.delay")
                .description("From an event's recorded_at to the commit that applied it (clocks of two hosts)")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
                        Duration.ofMinutes(1))
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

    /** Reads the gauges' values from the database again. */
    public void refresh() {
        parkedEvents.count(pool).subscribe().with(parked::set,
                failure -> LOG.debugf("Cannot count parked events now: %s", failure.getMessage()));
        failedEvents.countOpen().subscribe().with(counts -> counts.forEach((kind, n) -> openFailures.get(kind).set(n)),
                failure -> LOG.debugf("Cannot count failed events now: %s", failure.getMessage()));
    }

    public void record(BatchResult result, int records, long nanos) {
        batchTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        batchRecords.record(records);
        long now = System.currentTimeMillis();
        for (OffsetDateTime recordedAt : result.appliedRecordedAt()) {
            eventDelay.record(Math.max(0, now - recordedAt.toInstant().toEpochMilli()), TimeUnit.MILLISECONDS);
        }
        events.get(EventOutcome.APPLIED).increment(result.applied());
        for (EventOutcome outcome : new EventOutcome[] { EventOutcome.DUPLICATE, EventOutcome.PARKED }) {
            events.get(outcome).increment(result.count(outcome));
        }
        long poisoned = result.failures().stream().filter(f -> f.kind() == EventFailure.Kind.POISON).count();
        long conflicts = result.failures().size() - poisoned;
        events.get(EventOutcome.FAILED).increment(poisoned);
        events.get(EventOutcome.SEQUENCE_CONFLICT).increment(conflicts);
        poison.increment(poisoned);
        sequenceConflicts.increment(conflicts);
        if (result.parkedChanged() || !result.failures().isEmpty()) {
            refresh();
        }
    }

    public void retry() {
        retries.increment();
    }

    public long parkedEvents() {
        return parked.get();
    }

    public long openFailures(EventFailure.Kind kind) {
        return openFailures.get(kind).get();
    }

    public double sequenceConflictsSeen() {
        return sequenceConflicts.count();
    }
}
