package io.laas.projector.projection.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Per-ledger progress (the last applied sequence) and the set of processed event ids. */
@ApplicationScoped
public class ProgressRepository {

    /**
     * Returns the last applied sequence of the ledger and holds its row lock until the transaction ends,
     * so that two consumers never apply events of the same ledger at the same time.
     */
    public Uni<Long> lock(SqlConnection conn, UUID ledgerId) {
        return conn.preparedQuery("INSERT INTO ledger_progress (ledger_id, last_sequence, updated_at) "
                + "VALUES ($1, 0, now()) ON CONFLICT (ledger_id) DO NOTHING")
                .execute(Tuple.of(ledgerId))
                .chain(() -> conn.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1 FOR UPDATE")
                        .execute(Tuple.of(ledgerId)))
                .map(rows -> rows.iterator().next().getLong("last_sequence"));
    }

    public Uni<Void> advance(SqlConnection conn, UUID ledgerId, long lastSequence) {
        return conn.preparedQuery("UPDATE ledger_progress SET last_sequence = $2, updated_at = now() WHERE ledger_id = $1")
                .execute(Tuple.of(ledgerId, lastSequence))
                .replaceWithVoid();
    }

    public Uni<Boolean> isProcessed(SqlConnection conn, UUID eventId) {
        return conn.preparedQuery("SELECT 1 FROM processed_events WHERE event_id = $1")
                .execute(Tuple.of(eventId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> markProcessed(SqlConnection conn, UUID eventId, UUID ledgerId, long sequence) {
        return conn.preparedQuery("INSERT INTO processed_events (event_id, ledger_id, sequence, processed_at) "
                + "VALUES ($1, $2, $3, now())")
                .execute(Tuple.of(eventId, ledgerId, sequence))
                .replaceWithVoid();
    }
}
