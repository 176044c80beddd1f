package io.laas.projector.projection.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.events.Epochs;
import io.laas.projector.projection.LedgerEvent;
import io.laas.projector.projection.ParsedEvent;
import io.laas.projector.projection.repository.EpochRepository;
import io.laas.web.logging.LogFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Leaves out the events a restore lost ({@link Epochs}): written after the backup the restore went back to, they are
 * still in Kafka, and the ledgers reuse their sequence numbers in the new epoch. Such an event is logged, counted
 * ({@code laas_projector_events_skipped_total{reason="lost_tail"}}) and acknowledged with its batch, never applied,
 * parked or recorded as failed. The epochs are read once, before the first batch: a restore requires the services
 * to be stopped.
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
        this.skipped = Counter.builder("laas.projector.events.skipped")
                .description("Events left out on purpose: lost_tail = written after the backup a restore went back to")
                .tag("reason", "lost_tail")
                .register(registry);
    }

    /** The records without the lost tail, in their order. */
    public Uni<List<ParsedEvent>> withoutLostTail(List<ParsedEvent> records) {
        return epochs().map(current -> {
            List<ParsedEvent> kept = new ArrayList<>(records.size());
            for (ParsedEvent record : records) {
                if (record instanceof ParsedEvent.Readable readable
                        && current.isLostTail(readable.event().epoch(), readable.event().ledgerId(),
                                readable.event().sequence())) {
                    skip(readable.event(), current);
                } else {
                    kept.add(record);
                }
            }
            return kept;
        });
    }

    private void skip(LedgerEvent event, Epochs current) {
        skipped.increment();
        LogFields.forEvent(event.eventId(), event.ledgerId(), null, () -> LOG.infof("Ledger %s: event %s (%s) at "
                + "sequence %d of epoch %d was lost by a restore (now epoch %d); skipped", event.ledgerId(),
                event.eventId(), event.eventType(), event.sequence(), event.epoch(), current.current()));
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
