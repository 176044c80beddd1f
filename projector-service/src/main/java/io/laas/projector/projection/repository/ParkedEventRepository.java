package io.laas.projector.projection.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.projection.LedgerEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Events that arrived before their predecessor, waiting to be applied in sequence order. */
@ApplicationScoped
public class ParkedEventRepository {

    public record ParkedEvent(UUID ledgerId, long sequence, UUID eventId, String payload) {
    }

    /**
     * The parked events that a batch may apply or must compare its events with: those of each ledger of
     * {@code drainFrom} after its last sequence, up to {@code window} beyond it (only ledgers whose next
     * sequence is at hand can move, so a ledger stalled behind a gap costs nothing), and those at the
     * {@code (ledger, sequence)} pairs the batch's events claim (a copy of a parked event, or another event
     * claiming its sequence). Ordered by ledger, then sequence.
     */
    public Uni<List<ParkedEvent>> candidates(SqlConnection conn, Map<UUID, Long> drainFrom, long window,
            List<UUID> claimLedgers, List<Long> claimSequences) {
        if (drainFrom.isEmpty() && claimLedgers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("SELECT p.ledger_id, p.sequence, p.event_id, p.payload::text AS payload "
                + "FROM parked_events p JOIN unnest($4::uuid[], $5::bigint[]) AS c(ledger_id, sequence) "
                + "ON p.ledger_id = c.ledger_id AND p.sequence = c.sequence "
                + "UNION "
                + "SELECT p.ledger_id, p.sequence, p.event_id, p.payload::text AS payload "
                + "FROM parked_events p JOIN unnest($1::uuid[], $2::bigint[]) AS w(ledger_id, last_sequence) "
                + "ON p.ledger_id = w.ledger_id AND p.sequence > w.last_sequence AND p.sequence <= w.last_sequence + $3 "
                + "ORDER BY ledger_id, sequence")
                .execute(Tuple.of(drainFrom.keySet().toArray(UUID[]::new), drainFrom.values().toArray(Long[]::new),
                        window, claimLedgers.toArray(UUID[]::new), claimSequences.toArray(Long[]::new)))
                .map(rows -> {
                    List<ParkedEvent> parked = new ArrayList<>();
                    for (Row row : rows) {
                        parked.add(new ParkedEvent(row.getUUID("ledger_id"), row.getLong("sequence"),
                                row.getUUID("event_id"), row.getString("payload")));
                    }
                    return parked;
                });
    }

    /** Parks the events; a sequence already parked is left as it is. */
    public Uni<Void> park(SqlConnection conn, List<LedgerEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ledgers = new UUID[events.size()];
        Long[] sequences = new Long[events.size()];
        UUID[] ids = new UUID[events.size()];
        String[] payloads = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            LedgerEvent event = events.get(i);
            ledgers[i] = event.ledgerId();
            sequences[i] = event.sequence();
            ids[i] = event.eventId();
            payloads[i] = event.raw();
        }
        return conn.preparedQuery("INSERT INTO parked_events (ledger_id, sequence, event_id, payload, received_at) "
                + "SELECT p.ledger_id, p.sequence, p.event_id, p.payload::jsonb, now() "
                + "FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::text[]) AS p(ledger_id, sequence, event_id, payload) "
                + "ON CONFLICT (ledger_id, sequence) DO NOTHING")
                .execute(Tuple.of(ledgers, sequences, ids, payloads))
                .replaceWithVoid();
    }

    /** Removes what is applied (or superseded) up to each ledger's new last sequence; returns how many rows went. */
    public Uni<Integer> deleteUpTo(SqlConnection conn, Map<UUID, Long> lastSequences) {
        if (lastSequences.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return conn.preparedQuery("DELETE FROM parked_events p USING unnest($1::uuid[], $2::bigint[]) "
                + "AS a(ledger_id, last_sequence) WHERE p.ledger_id = a.ledger_id AND p.sequence <= a.last_sequence")
                .execute(Tuple.of(lastSequences.keySet().toArray(UUID[]::new),
                        lastSequences.values().toArray(Long[]::new)))
                .map(rows -> rows.rowCount());
    }

    public Uni<Long> count(Pool pool) {
        return pool.query("SELECT count(*) FROM parked_events").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
