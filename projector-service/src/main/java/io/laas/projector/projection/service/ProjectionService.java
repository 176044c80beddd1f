package io.laas.projector.projection.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.projector.projection.LedgerEvent;
import io.laas.projector.projection.LedgerEventParser;
import io.laas.projector.projection.repository.ParkedEventRepository;
import io.laas.projector.projection.repository.ParkedEventRepository.ParkedEvent;
import io.laas.projector.projection.repository.ProgressRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies ledger events exactly once and in sequence order. Each event is handled in one database
 * transaction that holds the ledger's progress row lock: a duplicate (known event id, or a sequence at or
 * below the ledger's last) is ignored; the next sequence is applied, followed by any parked successors;
 * an event from further ahead is parked until the gap is filled.
 */
@ApplicationScoped
public class ProjectionService {

    private static final Logger LOG = Logger.getLogger(ProjectionService.class);

    /** What happened to one record: how many events were applied, and whether it was a duplicate or parked. */
    public record Outcome(long applied, boolean duplicate, boolean parked, boolean parkedChanged, long lastSequence) {
    }

    private final Pool pool;
    private final ProgressRepository progress;
    private final ParkedEventRepository parkedEvents;
    private final EventApplier applier;
    private final LedgerEventParser parser;
    private final ProjectionMetrics metrics;

    public ProjectionService(Pool pool, ProgressRepository progress, ParkedEventRepository parkedEvents,
            EventApplier applier, LedgerEventParser parser, ProjectionMetrics metrics) {
        this.pool = pool;
        this.progress = progress;
        this.parkedEvents = parkedEvents;
        this.applier = applier;
        this.parser = parser;
        this.metrics = metrics;
    }

    public Uni<Outcome> project(LedgerEvent event) {
        UUID ledgerId = event.ledgerId();
        return pool.withTransaction(conn -> progress.lock(conn, ledgerId)
                .chain(last -> progress.isProcessed(conn, event.eventId())
                        .chain(processed -> {
                            if (processed || event.sequence() <= last) {
                                return Uni.createFrom().item(new Outcome(0, true, false, false, last));
                            }
                            if (event.sequence() > last + 1) {
                                return parkedEvents.park(conn, event)
                                        .map(inserted -> new Outcome(0, false, true, inserted, last));
                            }
                            return applyInOrder(conn, event);
                        })))
                .invoke(outcome -> report(event, outcome));
    }

    private Uni<Outcome> applyInOrder(SqlConnection conn, LedgerEvent event) {
        UUID ledgerId = event.ledgerId();
        return applyOne(conn, event)
                .chain(() -> parkedEvents.findAfter(conn, ledgerId, event.sequence()))
                .chain(parked -> drain(conn, ledgerId, event.sequence(), parked, 0))
                .chain(last -> progress.advance(conn, ledgerId, last)
                        .chain(() -> parkedEvents.deleteUpTo(conn, ledgerId, last))
                        .map(deleted -> new Outcome(1 + last - event.sequence(), false, false, deleted > 0, last)));
    }

    /** Applies the parked events that continue the sequence after {@code last}; emits the new last sequence. */
    private Uni<Long> drain(SqlConnection conn, UUID ledgerId, long last, List<ParkedEvent> parked, int index) {
        if (index >= parked.size() || parked.get(index).sequence() != last + 1) {
            return Uni.createFrom().item(last);
        }
        ParkedEvent next = parked.get(index);
        LedgerEvent event = parser.parse(next.payload(), next.eventId().toString(), null);
        return progress.isProcessed(conn, event.eventId())
                .chain(processed -> processed ? Uni.createFrom().voidItem() : applyOne(conn, event))
                .chain(() -> drain(conn, ledgerId, last + 1, parked, index + 1));
    }

    private Uni<Void> applyOne(SqlConnection conn, LedgerEvent event) {
        return applier.apply(conn, event)
                .chain(() -> progress.markProcessed(conn, event.eventId(), event.ledgerId(), event.sequence()));
    }

    private void report(LedgerEvent event, Outcome outcome) {
        metrics.record(outcome);
        if (outcome.parked()) {
            long from = outcome.lastSequence() + 1;
            long to = event.sequence() - 1;
            LOG.warnf("Ledger %s: event %s (%s) has sequence %d but the projection is at %d; parked until "
                    + "sequence%s %s arrive%s", event.ledgerId(), event.eventId(), event.eventType(), event.sequence(),
                    outcome.lastSequence(), from == to ? "" : "s", from == to ? from : from + ".." + to,
                    from == to ? "s" : "");
        } else if (outcome.duplicate()) {
            LOG.debugf("Ledger %s: event %s at sequence %d already applied (projection at %d); ignored",
                    event.ledgerId(), event.eventId(), event.sequence(), outcome.lastSequence());
        } else if (outcome.applied() > 1) {
            LOG.infof("Ledger %s: applied event %d and %d parked successor(s); projection now at %d",
                    event.ledgerId(), event.sequence(), outcome.applied() - 1, outcome.lastSequence());
        } else {
            LOG.debugf("Ledger %s: applied %s %s at sequence %d", event.ledgerId(), event.eventType(),
                    event.eventId(), event.sequence());
        }
    }
}
