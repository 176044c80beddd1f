package io.laas.ledger.event.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.event.ChainHead;
import io.laas.ledger.event.EventChain;
import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.event.repository.EventStore;
import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The one way events are written: linked to the ledger's hash chain ({@link EventChain}) right before they
 * are stored, so that the event store, the outbox and Kafka carry the same {@code hash}, and the ledger's
 * head (last sequence and last hash) moves with them. Always inside the caller's transaction and under the
 * ledger's row lock ({@link #lockForWrite}), which refuses unknown and archived ledgers.
 */
@ApplicationScoped
public class EventLog {

    private final LedgerRepository ledgers;
    private final EventStore events;
    private final EventAppendMetrics metrics;
    private final CurrentEpoch epoch;

    public EventLog(LedgerRepository ledgers, EventStore events, EventAppendMetrics metrics, CurrentEpoch epoch) {
        this.ledgers = ledgers;
        this.events = events;
        this.metrics = metrics;
        this.epoch = epoch;
    }

    /**
     * Appends events that continue the ledger after {@code head}, which the caller read under the ledger's
     * lock. The statements travel in one round trip. Returns the events as linked, stamped with the current epoch,
     * and the ledger's new head.
     */
    public Uni<EventChain.Linked> append(SqlConnection conn, UUID ledgerId, ChainHead head, List<LedgerEvent> unlinked) {
        long current = epoch.current();
        EventChain.Linked linked = EventChain.link(head, unlinked.stream().map(event -> event.inEpoch(current)).toList());
        // timed from the subscription, when the statements are sent, not from building the Uni
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return Uni.combine().all()
                    .unis(ledgers.advanceSequence(conn, ledgerId, linked.head()), events.append(conn, linked.events()))
                    .discardItems()
                    .invoke(() -> metrics.appended(linked.events().size(), start))
                    .replaceWith(linked);
        });
    }

    /**
     * Takes the ledger's lock for a write and returns the head of its history. Fails with 404 LEDGER_NOT_FOUND
     * when the ledger is unknown and with 409 LEDGER_ARCHIVED when it is archived, both judged on the locked
     * row, so a write racing an archive either commits before it or is refused.
     */
    public Uni<ChainHead> lockForWrite(SqlConnection conn, UUID ledgerId) {
        return ledgers.lockSequence(conn, ledgerId).map(locked -> {
            if (locked == null) {
                throw Ledger.notFound(ledgerId);
            }
            if (locked.archivedAt() != null) {
                throw Ledger.archived(ledgerId, locked.archivedAt());
            }
            return locked.head();
        });
    }

    /**
     * Takes the ledger's lock ({@link #lockForWrite}) and appends the one event {@code event} builds for the
     * ledger's next sequence: two round trips. Returns the event as linked.
     */
    public Uni<LedgerEvent> appendNext(SqlConnection conn, UUID ledgerId, LongFunction<LedgerEvent> event) {
        return lockForWrite(conn, ledgerId)
                .chain(head -> append(conn, ledgerId, head, List.of(event.apply(head.lastSequence() + 1))))
                .map(linked -> linked.events().get(0));
    }

    /**
     * {@link #appendNext(SqlConnection, UUID, LongFunction)} for an event of {@code type} with {@code data}.
     * Returns the event's sequence.
     */
    public Uni<Long> appendNext(SqlConnection conn, UUID ledgerId, String type, OffsetDateTime recordedAt,
            JsonObject data) {
        return appendNext(conn, ledgerId, sequence -> new LedgerEvent(UUID.randomUUID(), ledgerId, sequence, type,
                recordedAt, data)).map(LedgerEvent::sequence);
    }
}
