package io.laas.projector.rebuild.service;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Rebuild metrics of this replica: {@code laas_projector_rebuilds_running} (rebuilds it runs now),
 * {@code laas_projector_rebuilds_total{outcome="completed"|"failed"}} (rebuilds it finished; one it abandoned by
 * stopping is counted failed by the replica that finds it) and {@code laas_projector_rebuild_events_total}
 * (events applied to rebuild copies); {@code laas_projector_rebuild_swap_seconds} times the transaction that swaps a
 * copy in, during which the ledger's live events wait.
 */
@ApplicationScoped
public class RebuildMetrics {

    private final AtomicInteger running = new AtomicInteger();
    private final Counter completed;
    private final Counter failed;
    private final Counter events;
    private final Timer swaps;

    public RebuildMetrics(MeterRegistry registry) {
        Gauge.builder("laas.projector.rebuilds.running", running, AtomicInteger::get)
                .description("Rebuilds of a ledger's projection running on this replica")
                .register(registry);
        completed = Counter.builder("laas.projector.rebuilds").tag("outcome", "completed")
                .description("Rebuilds of a ledger's projection finished, by outcome").register(registry);
        failed = Counter.builder("laas.projector.rebuilds").tag("outcome", "failed")
                .description("Rebuilds of a ledger's projection finished, by outcome").register(registry);
        events = Counter.builder("laas.projector.rebuild.events")
                .description("Events applied to the copies that rebuilds build").register(registry);
        swaps = Timer.builder("laas.projector.rebuild.swap")
                .description("Time of the transaction that swaps a rebuilt copy in (the ledger's events wait meanwhile)")
                .register(registry);
    }

    void started() {
        running.incrementAndGet();
    }

    void completed() {
        running.decrementAndGet();
        completed.increment();
    }

    void failed() {
        running.decrementAndGet();
        failed.increment();
    }

    void abandoned(int count) {
        failed.increment(count);
    }

    void swapped(long nanos) {
        swaps.record(nanos, TimeUnit.NANOSECONDS);
    }

    void applied(long count) {
        events.increment(count);
    }
}
