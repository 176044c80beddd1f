package io.laas.ledger.event.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.event.StoredEvent;
import io.laas.outbox.OutboxEvent;
import io.laas.outbox.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends events to the event store and, in the same transaction, to the outbox (same event id),
 * so that an event is published if and only if it was committed; reads them back in sequence order.
 */
@ApplicationScoped
public class EventStore {

    private final OutboxWriter outbox;

    public EventStore(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    /**
     * Both inserts are sent without waiting for each other: they travel in one round trip. The events must be
     * linked to their ledger's chain ({@code io.laas.ledger.event.service.EventLog} does that).
     */
    public Uni<Void> append(SqlConnection conn, List<LedgerEvent> events) {
        int size = events.size();
        UUID[] ids = new UUID[size];
        UUID[] ledgers = new UUID[size];
        Long[] sequences = new Long[size];
        String[] types = new String[size];
        String[] payloads = new String[size];
        OffsetDateTime[] recordedAt = new OffsetDateTime[size];
        List<OutboxEvent> outboxEvents = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            LedgerEvent event = events.get(i);
            if (event.hash() == null) {
                throw new IllegalStateException("Event " + event.sequence() + " of ledger " + event.ledgerId()
                        + " is not linked to the ledger's hash chain");
            }
            String payload = event.envelope().encode();
            ids[i] = event.id();
            ledgers[i] = event.ledgerId();
            sequences[i] = event.sequence();
            types[i] = event.type();
            payloads[i] = payload;
            recordedAt[i] = event.recordedAt();
            outboxEvents.add(new OutboxEvent(event.id(), LedgerEvent.AGGREGATE_TYPE, event.ledgerId().toString(),
                    event.type(), payload, event.traceparent()));
        }
        Uni<Void> stored = conn.preparedQuery("""
                INSERT INTO events (id, ledger_id, sequence, type, payload, recorded_at)
                SELECT e.id, e.ledger_id, e.sequence, e.type, e.payload::jsonb, e.recorded_at
                FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[])
                  AS e (id, ledger_id, sequence, type, payload, recorded_at)""")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfUUID(ledgers).addArrayOfLong(sequences)
                        .addArrayOfString(types).addArrayOfString(payloads).addArrayOfOffsetDateTime(recordedAt))
                .replaceWithVoid();
        return Uni.combine().all().unis(stored, outbox.appendAll(conn, outboxEvents)).discardItems();
    }

    /** Up to {@code limit} events of the ledger after {@code afterSequence}, in sequence order. */
    public Uni<List<StoredEvent>> page(SqlClient client, UUID ledgerId, long afterSequence, int limit) {
        return client.preparedQuery("""
                SELECT id, sequence, payload FROM events WHERE ledger_id = $1 AND sequence > $2
                ORDER BY sequence LIMIT $3""")
                .execute(Tuple.of(ledgerId, afterSequence, limit))
                .map(rows -> {
                    List<StoredEvent> page = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        page.add(new StoredEvent(row.getUUID("id"), row.getLong("sequence"), row.getJsonObject("payload")));
                    }
                    return page;
                });
    }
}
