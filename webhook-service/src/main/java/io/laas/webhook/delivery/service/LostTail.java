package io.laas.webhook.delivery.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.events.EventEnvelope;
import io.laas.events.Epochs;
import io.laas.web.logging.LogFields;
import io.laas.webhook.delivery.repository.EpochRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Tells the events a restore lost ({@link Epochs}): written after the backup the restore went back to, they are
 * still in Kafka, and the ledgers reuse their sequence numbers in the new epoch. Such an event is logged, counted
 * ({@code laas_webhook_events_skipped_total{reason="lost_tail"}}) and acknowledged with its batch, never stored
 * nor delivered. The epochs are read once, before the first batch: a restore requires the services to be stopped.
 */
@Startup
@ApplicationScoped
public class LostTail {

    private static final Logger LOG = Logger.getLogger(LostTail.class);

    private final Pool pool;
    private final EpochRepository repository;
    private final Counter skipped;
    private volatile Epochs epochs;

    public LostTail(Pool pool, EpochRepository repository, MeterRegistry registry) {
        this.pool = pool;
        this.repository = repository;
        this.skipped = Counter.builder("laas.webhook.events.skipped")
                .description("Events left out on purpose: lost_tail = written after the backup a restore went back to")
                .tag("reason", "lost_tail")
                .register(registry);
    }

    /** Whether the event is lost tail; if so it is logged and counted, and the caller leaves it out. */
    public boolean skips(Epochs current, EventEnvelope event) {
        if (!current.isLostTail(event)) {
            return false;
        }
        skipped.increment();
        LogFields.forEvent(event.eventId(), event.ledgerId(), null, () -> LOG.infof("Ledger %s: event %s (%s) at "
                + "sequence %d of epoch %d was lost by a restore (now epoch %d); skipped", event.ledgerId(),
                event.eventId(), event.eventType(), event.sequence(), event.epoch(), current.current()));
        return true;
    }

    public Uni<Epochs> epochs() {
        Epochs loaded = epochs;
        return loaded != null ? Uni.createFrom().item(loaded) : reload();
    }

    /** Reads the epochs again; the next batches are judged by them. */
    public Uni<Epochs> reload() {
        return repository.load(pool)
                .onFailure().invoke(failure -> LOG.warnf("Cannot read the epochs, will retry: %s", failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(read -> {
                    epochs = read;
                    LOG.infof("Event log in epoch %d; restores' cuts: %s", read.current(), read.cuts().keySet());
                });
    }
}
