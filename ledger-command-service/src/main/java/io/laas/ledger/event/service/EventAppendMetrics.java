package io.laas.ledger.event.service;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code laas_ledger_event_append_seconds}: from sending the statements that append events to the event store and
 * the outbox (and move the ledger's head) to their answer, inside the writing transaction; one sample per append
 * (a group commit appends its whole batch at once). {@code laas_ledger_events_appended_total} counts the events.
 */
@ApplicationScoped
public class EventAppendMetrics {

    private final Timer appendTime;
    private final Counter appended;

    public EventAppendMetrics(MeterRegistry registry) {
        this.appendTime = Timer.builder("laas.ledger.event.append")
                .description("Time to append events and their outbox rows in the writing transaction (one round trip)")
                .register(registry);
        this.appended = Counter.builder("laas.ledger.events.appended")
                .description("Events appended to ledgers' event logs (committed or not)").register(registry);
    }

    void appended(int events, long startNanos) {
        appendTime.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        appended.increment(events);
    }
}
