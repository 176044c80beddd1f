package io.laas.ledger.registry.repository;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.registry.Ledger;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class LedgerRepository {

    /** Inserts the ledger with sequence 0 unless it is already known. Returns whether it was new. */
    public Uni<Boolean> insertIfAbsent(SqlClient client, Ledger ledger) {
        return client.preparedQuery("""
                INSERT INTO ledgers (id, org_id, project_id, code, name, currency, last_sequence, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, 0, $7)
                ON CONFLICT (id) DO NOTHING""")
                .execute(Tuple.from(new Object[] { ledger.id(), ledger.orgId(), ledger.projectId(), ledger.code(),
                        ledger.name(), ledger.currency(), ledger.createdAt() }))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The ledger, or {@code null} when this service has not learned it (yet). */
    public Uni<Ledger> findById(SqlClient client, UUID id) {
        return client.preparedQuery("""
                SELECT l.id, l.org_id, l.project_id, l.code, l.name, l.currency, l.last_sequence, l.created_at,
                       (SELECT json_object_agg(a.code, a.scale) FROM ledger_assets a WHERE a.ledger_id = l.id)::text
                         AS assets
                FROM ledgers l WHERE l.id = $1""")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : toLedger(rows.iterator().next()));
    }

    /**
     * Reserves the next {@code count} sequence numbers of a ledger and returns the last one, or
     * {@code null} for an unknown ledger. The row lock it takes serialises the writes of one ledger
     * until the transaction ends, which is what makes the sequence gapless.
     */
    public Uni<Long> reserveSequences(SqlClient client, UUID ledgerId, int count) {
        return client.preparedQuery("UPDATE ledgers SET last_sequence = last_sequence + $2 WHERE id = $1 RETURNING last_sequence")
                .execute(Tuple.of(ledgerId, count))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("last_sequence"));
    }

    /**
     * Takes the ledger's row lock, which serialises the writes of one ledger until the transaction ends,
     * and returns its last sequence, or {@code null} for an unknown ledger.
     */
    public Uni<Long> lockSequence(SqlClient client, UUID ledgerId) {
        return client.preparedQuery("SELECT last_sequence FROM ledgers WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(ledgerId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("last_sequence"));
    }

    /** Moves the ledger's last sequence; only under the lock of {@link #lockSequence}. */
    public Uni<Void> advanceSequence(SqlClient client, UUID ledgerId, long lastSequence) {
        return client.preparedQuery("UPDATE ledgers SET last_sequence = $2 WHERE id = $1")
                .execute(Tuple.of(ledgerId, lastSequence))
                .replaceWithVoid();
    }

    private static Ledger toLedger(Row row) {
        Map<String, Integer> assets = new HashMap<>();
        String declared = row.getString("assets");
        if (declared != null) {
            new JsonObject(declared).forEach(entry -> assets.put(entry.getKey(), ((Number) entry.getValue()).intValue()));
        }
        return new Ledger(row.getUUID("id"), row.getUUID("org_id"), row.getUUID("project_id"), row.getString("code"),
                row.getString("name"), row.getString("currency"), assets, row.getLong("last_sequence"),
                row.getOffsetDateTime("created_at"));
    }
}
