package io.laas.ledger.registry.repository;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.event.ChainHead;
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

    /**
     * Records the ledger as the registry has it now (from {@code ledger.updated}, {@code ledger.archived} or IAM's
     * answer to a lookup): inserted with sequence 0 when unknown; otherwise its name is taken when the change is
     * newer than the last one applied, and an archive is kept once set. So events and lookups may arrive in any
     * order and more than once. Returns whether the ledger was new.
     */
    public Uni<Boolean> record(SqlClient client, Ledger ledger) {
        return client.preparedQuery("""
                INSERT INTO ledgers (id, org_id, project_id, code, name, currency, last_sequence, created_at,
                                     updated_at, archived_at)
                VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9)
                ON CONFLICT (id) DO UPDATE SET
                  name = CASE WHEN EXCLUDED.updated_at > ledgers.updated_at OR ledgers.updated_at IS NULL
                              THEN EXCLUDED.name ELSE ledgers.name END,
                  updated_at = GREATEST(ledgers.updated_at, EXCLUDED.updated_at),
                  archived_at = COALESCE(ledgers.archived_at, EXCLUDED.archived_at)
                RETURNING (xmax = 0) AS inserted""")
                .execute(Tuple.from(new Object[] { ledger.id(), ledger.orgId(), ledger.projectId(), ledger.code(),
                        ledger.name(), ledger.currency(), ledger.createdAt(), ledger.updatedAt(), ledger.archivedAt() }))
                .map(rows -> rows.iterator().next().getBoolean("inserted"));
    }

    /** The ledger, or {@code null} when this service has not learned it (yet). */
    public Uni<Ledger> findById(SqlClient client, UUID id) {
        return client.preparedQuery("""
                SELECT l.id, l.org_id, l.project_id, l.code, l.name, l.currency, l.last_sequence, l.created_at,
                       l.updated_at, l.archived_at,
                       (SELECT json_object_agg(a.code, a.scale) FROM ledger_assets a WHERE a.ledger_id = l.id)::text
                         AS assets
                FROM ledgers l WHERE l.id = $1""")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : toLedger(rows.iterator().next()));
    }

    /** What a writer reads under the ledger's lock: the head of its history, and when it was archived (or null). */
    public record Locked(ChainHead head, OffsetDateTime archivedAt) {
    }

    /**
     * Takes the ledger's row lock, which serialises the writes of one ledger until the transaction ends,
     * and returns the head of its history (last sequence and last hash) with its archive time, read from the
     * locked row (an archive commits either before the lock is granted, and is seen, or after the writer's
     * transaction), or {@code null} for an unknown ledger.
     * {@code FOR NO KEY UPDATE} excludes the other writers as {@code FOR UPDATE} would, but not the key-share
     * locks that inserting a row referencing the ledger takes: with {@code FOR UPDATE}, two requests that
     * each inserted such a row (an account, an asset) and then asked for the ledger's lock deadlocked.
     */
    public Uni<Locked> lockSequence(SqlClient client, UUID ledgerId) {
        return client.preparedQuery(
                "SELECT last_sequence, last_hash, archived_at FROM ledgers WHERE id = $1 FOR NO KEY UPDATE")
                .execute(Tuple.of(ledgerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Locked(ChainHead.of(ledgerId, row.getLong("last_sequence"), row.getString("last_hash")),
                            row.getOffsetDateTime("archived_at"));
                });
    }

    /** The ledger's last sequence as committed now, without a lock; {@code null} when the ledger is unknown. */
    public Uni<Long> lastSequence(SqlClient client, UUID ledgerId) {
        return client.preparedQuery("SELECT last_sequence FROM ledgers WHERE id = $1")
                .execute(Tuple.of(ledgerId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
    }

    /** Moves the ledger's head (last sequence and last hash); only under the lock of {@link #lockSequence}. */
    public Uni<Void> advanceSequence(SqlClient client, UUID ledgerId, ChainHead head) {
        return client.preparedQuery("UPDATE ledgers SET last_sequence = $2, last_hash = $3 WHERE id = $1")
                .execute(Tuple.of(ledgerId, head.lastSequence(), head.lastHash()))
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
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"),
                row.getOffsetDateTime("archived_at"));
    }
}
