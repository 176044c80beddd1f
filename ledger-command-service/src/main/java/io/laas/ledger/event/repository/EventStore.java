package io.laas.ledger.event.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.laas.outbox.OutboxEvent;
import io.laas.outbox.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends events to the event store and, in the same transaction, to the outbox (same event id),
 * so that an event is published if and only if it was committed.
 */
@ApplicationScoped
public class EventStore {

    private final OutboxWriter outbox;
    private final LedgerRepository ledgers;

    public EventStore(OutboxWriter outbox, LedgerRepository ledgers) {
        this.outbox = outbox;
        this.ledgers = ledgers;
    }

    /**
     * Appends one event at the ledger's next sequence number. Reserving it takes the ledger's row lock,
     * which serialises the ledger's writers until the transaction ends.
     */
    public Uni<Void> appendNext(SqlConnection conn, UUID ledgerId, String type, OffsetDateTime recordedAt,
            JsonObject data) {
        return ledgers.reserveSequences(conn, ledgerId, 1)
                .chain(sequence -> append(conn,
                        List.of(new LedgerEvent(UUID.randomUUID(), ledgerId, sequence, type, recordedAt, data))));
    }

    /** Both inserts are sent without waiting for each other: they travel in one round trip. */
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
            String payload = event.envelope().encode();
            ids[i] = event.id();
            ledgers[i] = event.ledgerId();
            sequences[i] = event.sequence();
            types[i] = event.type();
            payloads[i] = payload;
            recordedAt[i] = event.recordedAt();
            outboxEvents.add(new OutboxEvent(event.id(), LedgerEvent.AGGREGATE_TYPE, event.ledgerId().toString(),
                    event.type(), payload));
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
}
