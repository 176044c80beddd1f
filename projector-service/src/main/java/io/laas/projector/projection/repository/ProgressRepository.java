package io.laas.projector.projection.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.projection.LedgerEvent;
import io.laas.projector.projection.ProjectionLag;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Per-ledger progress (the last applied sequence) and the set of processed event ids. */
@ApplicationScoped
public class ProgressRepository {

    /**
     * Events of each ledger received but not applied, beyond its progress: parked ones, and poison ones (open
     * or dismissed: either way the ledger stops before them). Sequence conflicts are not: their sequence is
     * applied or parked under another event id.
     */
    private static final String UNAPPLIED = "SELECT ledger_id, sequence, received_at AS since, false AS failed "
            + "FROM parked_events %1$s "
            + "UNION ALL SELECT ledger_id, sequence, first_seen_at, true FROM failed_events "
            + "WHERE kind = 'poison' AND status <> 'resolved' AND sequence IS NOT NULL %2$s";

    /** A ledger behind the events received for it (see {@link ProjectionLag}). */
    public record Behind(UUID ledgerId, long eventsBehind, double secondsBehind) {
    }

    /** The ledger and sequence an event was applied at. */
    public record AppliedAt(UUID ledgerId, long sequence, UUID eventId) {
    }

    /**
     * Returns the last applied sequence of each ledger and holds their row locks until the transaction ends,
     * so that two consumers never apply events of the same ledger at the same time. Rows are created and
     * locked in ledger id order, so two transactions never wait on each other in a circle.
     */
    public Uni<Map<UUID, Long>> lock(SqlConnection conn, Set<UUID> ledgerIds) {
        UUID[] sorted = ledgerIds.stream().sorted().toArray(UUID[]::new);
        return conn.preparedQuery("INSERT INTO ledger_progress (ledger_id, last_sequence, updated_at) "
                + "SELECT id, 0, now() FROM unnest($1::uuid[]) WITH ORDINALITY AS l(id, n) ORDER BY n "
                + "ON CONFLICT (ledger_id) DO UPDATE SET last_sequence = ledger_progress.last_sequence "
                + "RETURNING ledger_id, last_sequence")
                .execute(Tuple.of(sorted))
                .map(rows -> {
                    Map<UUID, Long> last = new HashMap<>();
                    for (Row row : rows) {
                        last.put(row.getUUID("ledger_id"), row.getLong("last_sequence"));
                    }
                    return last;
                });
    }

    public Uni<Void> advance(SqlConnection conn, Map<UUID, Long> lastSequences) {
        if (lastSequences.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("UPDATE ledger_progress p SET last_sequence = a.last_sequence, updated_at = now() "
                + "FROM unnest($1::uuid[], $2::bigint[]) AS a(ledger_id, last_sequence) WHERE p.ledger_id = a.ledger_id")
                .execute(Tuple.of(lastSequences.keySet().toArray(UUID[]::new),
                        lastSequences.values().toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /**
     * Which of these event ids were already processed: one primary-key probe per id. Prepared statements are
     * cached per connection, so PostgreSQL may plan {@code event_id = ANY($1)} once for any array; that generic
     * plan can scan the whole table and compare each row with every id of a batch (measured: 0.2 to 0.5 s per
     * batch of 2,000 at 70,000 processed events, growing with the table). {@code LIMIT 1} keeps the probe a
     * nested loop in every plan.
     */
    public Uni<Set<UUID>> processed(SqlConnection conn, Set<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return conn.preparedQuery("SELECT p.event_id FROM unnest($1::uuid[]) AS k(id), "
                + "LATERAL (SELECT event_id FROM processed_events WHERE event_id = k.id LIMIT 1) AS p")
                .execute(Tuple.of(eventIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getUUID(0)));
                    return found;
                });
    }

    /** The events that were applied at these (ledger, sequence) pairs. */
    public Uni<List<AppliedAt>> appliedAt(SqlConnection conn, List<UUID> ledgerIds, List<Long> sequences) {
        if (ledgerIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("SELECT p.ledger_id, p.sequence, p.event_id FROM processed_events p "
                + "JOIN unnest($1::uuid[], $2::bigint[]) AS k(ledger_id, sequence) "
                + "ON p.ledger_id = k.ledger_id AND p.sequence = k.sequence")
                .execute(Tuple.of(ledgerIds.toArray(UUID[]::new), sequences.toArray(Long[]::new)))
                .map(rows -> {
                    List<AppliedAt> found = new ArrayList<>();
                    rows.forEach(row -> found.add(new AppliedAt(row.getUUID("ledger_id"), row.getLong("sequence"),
                            row.getUUID("event_id"))));
                    return found;
                });
    }

    /**
     * Records the events as processed. A failed event that gets applied this way (delivered again after a
     * fix) is resolved in the same statement.
     */
    public Uni<Void> markProcessed(SqlConnection conn, List<LedgerEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = new UUID[events.size()];
        UUID[] ledgers = new UUID[events.size()];
        Long[] sequences = new Long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            ids[i] = events.get(i).eventId();
            ledgers[i] = events.get(i).ledgerId();
            sequences[i] = events.get(i).sequence();
        }
        return conn.preparedQuery("WITH processed AS (INSERT INTO processed_events (event_id, ledger_id, sequence, "
                + "processed_at) SELECT e.id, e.ledger_id, e.sequence, now() "
                + "FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) AS e(id, ledger_id, sequence) RETURNING event_id) "
                + "UPDATE failed_events f SET status = 'resolved', resolved_at = now() FROM processed p "
                + "WHERE f.event_id = p.event_id AND f.status = 'failed'")
                .execute(Tuple.of(ids, ledgers, sequences))
                .replaceWithVoid();
    }

    /** The last applied sequence of each of these ledgers; a ledger without progress is left out (it is at 0). */
    public Uni<Map<UUID, Long>> sequences(SqlClient client, Collection<UUID> ledgerIds) {
        return client.preparedQuery("SELECT p.ledger_id, p.last_sequence FROM unnest($1::uuid[]) AS k(id), "
                + "LATERAL (SELECT ledger_id, last_sequence FROM ledger_progress WHERE ledger_id = k.id) AS p")
                .execute(Tuple.of(ledgerIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Long> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getUUID(0), row.getLong(1)));
                    return found;
                });
    }

    /** The ledger's projection lag; a ledger the projector never heard of is current at sequence 0. */
    public Uni<ProjectionLag> lag(SqlClient client, UUID ledgerId) {
        return client.preparedQuery("WITH progress AS (SELECT coalesce(max(last_sequence), 0) AS last_sequence, "
                + "max(updated_at) FILTER (WHERE last_sequence > 0) AS applied_at FROM ledger_progress WHERE ledger_id = $1), "
                + "unapplied AS (SELECT u.* FROM (" + UNAPPLIED.formatted("WHERE ledger_id = $1", "AND ledger_id = $1")
                + ") u, progress WHERE u.sequence > progress.last_sequence) "
                + "SELECT progress.last_sequence, progress.applied_at, "
                + "(SELECT max(sequence) FROM unapplied) AS last_seen, "
                + "(SELECT extract(epoch FROM now() - min(since))::float8 FROM unapplied) AS seconds_behind, "
                + "(SELECT count(*) FROM unapplied WHERE NOT failed) AS parked, "
                + "EXISTS (SELECT 1 FROM unapplied WHERE failed AND sequence = progress.last_sequence + 1) AS stopped, "
                + "(SELECT count(*) FROM failed_events WHERE ledger_id = $1 AND status = 'failed') AS failed "
                + "FROM progress")
                .execute(Tuple.of(ledgerId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long projected = row.getLong("last_sequence");
                    Long lastSeen = row.getLong("last_seen");
                    Double seconds = row.getDouble("seconds_behind");
                    return new ProjectionLag(ledgerId, projected, lastSeen == null ? projected : lastSeen,
                            seconds == null ? 0 : Math.max(0, seconds), row.getOffsetDateTime("applied_at"),
                            row.getLong("parked"), row.getLong("failed"), row.getBoolean("stopped"));
                });
    }

    /** Every ledger behind the events received for it, furthest behind first. */
    public Uni<List<Behind>> behind(SqlClient client) {
        return client.query("SELECT u.ledger_id, max(u.sequence) - coalesce(p.last_sequence, 0) AS events, "
                + "extract(epoch FROM now() - min(u.since))::float8 AS seconds "
                + "FROM (" + UNAPPLIED.formatted("", "AND ledger_id IS NOT NULL") + ") u "
                + "LEFT JOIN ledger_progress p ON p.ledger_id = u.ledger_id "
                + "WHERE u.sequence > coalesce(p.last_sequence, 0) "
                + "GROUP BY u.ledger_id, p.last_sequence ORDER BY events DESC")
                .execute()
                .map(rows -> {
                    List<Behind> behind = new ArrayList<>();
                    rows.forEach(row -> behind.add(new Behind(row.getUUID("ledger_id"), row.getLong("events"),
                            Math.max(0, row.getDouble("seconds")))));
                    return behind;
                });
    }
}
