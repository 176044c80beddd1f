package io.laas.projector.projection.repository;

import java.util.ArrayList;
import java.util.List;
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

    public record ParkedEvent(long sequence, UUID eventId, String payload) {
    }

    /** Parks the event; returns false when that sequence of the ledger was already parked. */
    public Uni<Boolean> park(SqlConnection conn, LedgerEvent event) {
        return conn.preparedQuery("INSERT INTO parked_events (ledger_id, sequence, event_id, payload, received_at) "
                + "VALUES ($1, $2, $3, $4::text::jsonb, now()) ON CONFLICT (ledger_id, sequence) DO NOTHING")
                .execute(Tuple.of(event.ledgerId(), event.sequence(), event.eventId(), event.raw()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The parked events of the ledger after {@code afterSequence}, in sequence order. */
    public Uni<List<ParkedEvent>> findAfter(SqlConnection conn, UUID ledgerId, long afterSequence) {
        return conn.preparedQuery("SELECT sequence, event_id, payload::text AS payload FROM parked_events "
                + "WHERE ledger_id = $1 AND sequence > $2 ORDER BY sequence")
                .execute(Tuple.of(ledgerId, afterSequence))
                .map(rows -> {
                    List<ParkedEvent> parked = new ArrayList<>();
                    for (Row row : rows) {
                        parked.add(new ParkedEvent(row.getLong("sequence"), row.getUUID("event_id"),
                                row.getString("payload")));
                    }
                    return parked;
                });
    }

    /** Removes what is applied (or superseded) up to {@code sequence}; returns how many rows went. */
    public Uni<Integer> deleteUpTo(SqlConnection conn, UUID ledgerId, long sequence) {
        return conn.preparedQuery("DELETE FROM parked_events WHERE ledger_id = $1 AND sequence <= $2")
                .execute(Tuple.of(ledgerId, sequence))
                .map(rows -> rows.rowCount());
    }

    public Uni<Long> count(Pool pool) {
        return pool.query("SELECT count(*) FROM parked_events").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
