package io.laas.projector.rebuild.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.rebuild.Rebuild;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code rebuilds} table: the state of every rebuild, readable by any replica. */
@ApplicationScoped
public class RebuildRepository {

    private static final String COLUMNS = "id, ledger_id, status, shadow_schema, started_at, finished_at, "
            + "target_sequence, last_sequence, events_applied, error";

    /** Inserts a running rebuild; fails with a unique violation (23505) when one of the ledger is running. */
    public Uni<Rebuild> insert(SqlClient client, UUID id, UUID ledgerId, long targetSequence) {
        return client.preparedQuery("INSERT INTO rebuilds (id, ledger_id, status, shadow_schema, started_at, "
                + "heartbeat_at, target_sequence) VALUES ($1, $2, 'running', $3, now(), now(), $4) RETURNING " + COLUMNS)
                .execute(Tuple.of(id, ledgerId, Rebuild.shadowSchemaOf(id), targetSequence))
                .map(RebuildRepository::one);
    }

    /** The ledger's latest rebuild, or null. */
    public Uni<Rebuild> latest(SqlClient client, UUID ledgerId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM rebuilds WHERE ledger_id = $1 "
                + "ORDER BY started_at DESC, id LIMIT 1")
                .execute(Tuple.of(ledgerId))
                .map(RebuildRepository::one);
    }

    /** Progress of the copy, which is also the heartbeat that keeps the rebuild's lease. */
    public Uni<Void> progress(SqlClient client, UUID id, long lastSequence, long eventsApplied) {
        return client.preparedQuery("UPDATE rebuilds SET last_sequence = $2, events_applied = $3, heartbeat_at = now() "
                + "WHERE id = $1 AND status = 'running'")
                .execute(Tuple.of(id, lastSequence, eventsApplied))
                .replaceWithVoid();
    }

    /** Marks the rebuild completed (in the swap's transaction); false when it is no longer running. */
    public Uni<Boolean> complete(SqlClient client, UUID id, long lastSequence, long eventsApplied) {
        return client.preparedQuery("UPDATE rebuilds SET status = 'completed', finished_at = now(), heartbeat_at = now(), "
                + "last_sequence = $2, events_applied = $3 WHERE id = $1 AND status = 'running'")
                .execute(Tuple.of(id, lastSequence, eventsApplied))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> fail(SqlClient client, UUID id, String error) {
        return client.preparedQuery("UPDATE rebuilds SET status = 'failed', finished_at = now(), error = $2 "
                + "WHERE id = $1 AND status = 'running'")
                .execute(Tuple.of(id, error))
                .replaceWithVoid();
    }

    /**
     * Marks failed every running rebuild whose heartbeat is older than {@code lease} (its replica stopped or lost
     * the database) and returns their schemas, for the caller to drop.
     */
    public Uni<List<String>> abandonStale(SqlClient client, Duration lease) {
        return client.preparedQuery("UPDATE rebuilds SET status = 'failed', finished_at = now(), "
                + "error = 'abandoned: no heartbeat since ' || heartbeat_at || ' (the replica running it stopped)' "
                + "WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1) RETURNING shadow_schema")
                .execute(Tuple.of((double) lease.toMillis() / 1000))
                .map(rows -> {
                    List<String> schemas = new ArrayList<>();
                    rows.forEach(row -> schemas.add(row.getString(0)));
                    return schemas;
                });
    }

    private static Rebuild one(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row row = it.next();
        return new Rebuild(row.getUUID("id"), row.getUUID("ledger_id"), Rebuild.Status.of(row.getString("status")),
                row.getString("shadow_schema"), row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"),
                row.getLong("target_sequence"), row.getLong("last_sequence"), row.getLong("events_applied"),
                row.getString("error"));
    }
}
