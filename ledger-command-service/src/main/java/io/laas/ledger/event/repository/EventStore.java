package io.laas.ledger.event.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.event.LedgerEvent;
import io.laas.outbox.OutboxEvent;
import io.laas.outbox.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends events to the event store and, in the same transaction, to the outbox (same event id),
 * so that an event is published if and only if it was committed.
 */
@ApplicationScoped
public class EventStore {

    private final OutboxWriter outbox;

    public EventStore(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> append(SqlConnection conn, List<LedgerEvent> events) {
        List<Tuple> rows = events.stream()
                .map(e -> Tuple.of(e.id(), e.ledgerId(), e.sequence(), e.type(), e.envelope().encode(), e.recordedAt()))
                .toList();
        List<OutboxEvent> outboxEvents = events.stream()
                .map(e -> new OutboxEvent(e.id(), LedgerEvent.AGGREGATE_TYPE, e.ledgerId().toString(), e.type(),
                        e.envelope()))
                .toList();
        return conn.preparedQuery("""
                INSERT INTO events (id, ledger_id, sequence, type, payload, recorded_at)
                VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)""")
                .executeBatch(rows)
                .chain(() -> outbox.appendAll(conn, outboxEvents));
    }
}
