package io.laas.projector.failure.repository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.failure.FailedEvent;
import io.laas.projector.failure.FailedEvent.Status;
import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.RawEvent;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class FailedEventRepository {

    private static final String COLUMNS = "id, position, kind, status, ledger_id, sequence, event_id, event_type, reason, "
            + "record_key, header_id, header_event_type, payload, origin, first_seen_at, last_seen_at, attempts, "
            + "resolved_at";

    private final Pool pool;

    public FailedEventRepository(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool) {
        this.pool = pool;
    }

    /**
     * Records failures of received events. An event recorded before (same fingerprint) gets its reason, kind
     * and identity refreshed, one more attempt and a new {@code last_seen_at}; it is open again unless an
     * operator dismissed it.
     */
    public Uni<Void> record(SqlConnection conn, List<EventFailure> failures) {
        if (failures.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = failures.stream().map(f -> Tuple.from(Arrays.<Object>asList(UUID.randomUUID(),
                f.fingerprint(), f.kind().code(), f.ledgerId(), f.sequence(), f.eventId(), storable(f.eventType()),
                storable(f.reason()), storable(f.raw().key()), storable(f.raw().idHeader()),
                storable(f.raw().eventTypeHeader()), storable(f.raw().value()), f.raw().origin())))
                .toList();
        return conn.preparedQuery("""
                INSERT INTO failed_events (id, fingerprint, kind, status, ledger_id, sequence, event_id, event_type,
                    reason, record_key, header_id, header_event_type, payload, origin, first_seen_at, last_seen_at, attempts)
                VALUES ($1, $2, $3, 'failed', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now(), now(), 1)
                ON CONFLICT (fingerprint) DO UPDATE SET
                    kind = EXCLUDED.kind, reason = EXCLUDED.reason,
                    ledger_id = coalesce(EXCLUDED.ledger_id, failed_events.ledger_id),
                    sequence = coalesce(EXCLUDED.sequence, failed_events.sequence),
                    event_id = coalesce(EXCLUDED.event_id, failed_events.event_id),
                    event_type = coalesce(EXCLUDED.event_type, failed_events.event_type),
                    last_seen_at = now(), attempts = failed_events.attempts + 1,
                    status = CASE WHEN failed_events.status = 'dismissed' THEN 'dismissed' ELSE 'failed' END,
                    resolved_at = NULL""")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /** A re-drive failed again: the row keeps its identity and record, with the new reason and one more attempt. */
    public Uni<Void> failedAgain(SqlClient client, UUID id, EventFailure failure) {
        return client.preparedQuery("""
                UPDATE failed_events SET kind = $2, reason = $3, status = 'failed',
                    ledger_id = coalesce($4, ledger_id), sequence = coalesce($5, sequence),
                    event_id = coalesce($6, event_id), event_type = coalesce($7, event_type),
                    last_seen_at = now(), attempts = attempts + 1, resolved_at = NULL
                WHERE id = $1""")
                .execute(Tuple.from(Arrays.<Object>asList(id, failure.kind().code(), storable(failure.reason()),
                        failure.ledgerId(), failure.sequence(), failure.eventId(), storable(failure.eventType()))))
                .replaceWithVoid();
    }

    /** The row's event was applied (or found applied, or parked behind a predecessor) by a re-drive. */
    public Uni<Void> resolve(SqlConnection conn, UUID id) {
        return conn.preparedQuery("UPDATE failed_events SET status = 'resolved', resolved_at = now(), "
                + "last_seen_at = now(), attempts = attempts + 1 WHERE id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    public Uni<Void> dismiss(SqlConnection conn, UUID id) {
        return conn.preparedQuery("UPDATE failed_events SET status = 'dismissed', resolved_at = now() WHERE id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** The row, locked until the transaction ends; {@code null} when there is none. */
    public Uni<FailedEvent> lock(SqlConnection conn, UUID id) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM failed_events WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(FailedEventRepository::first);
    }

    public Uni<FailedEvent> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM failed_events WHERE id = $1")
                .execute(Tuple.of(id))
                .map(FailedEventRepository::first);
    }

    /**
     * Up to {@code limit} rows, newest first, before {@code beforePosition} (if any); {@code status},
     * {@code kind} and {@code ledgerId} filter when given.
     */
    public Uni<List<FailedEvent>> list(Status status, EventFailure.Kind kind, UUID ledgerId, Long beforePosition,
            int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM failed_events "
                + "WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2) "
                + "AND ($3::uuid IS NULL OR ledger_id = $3) AND ($4::bigint IS NULL OR position < $4) "
                + "ORDER BY position DESC LIMIT $5")
                .execute(Tuple.from(Arrays.<Object>asList(status == null ? null : status.code(),
                        kind == null ? null : kind.code(), ledgerId, beforePosition, limit)))
                .map(rows -> {
                    List<FailedEvent> found = new ArrayList<>(rows.size());
                    rows.forEach(row -> found.add(toFailedEvent(row)));
                    return found;
                });
    }

    /** Open (status {@code failed}) rows by kind. */
    public Uni<Map<EventFailure.Kind, Long>> countOpen() {
        return pool.query("SELECT kind, count(*) FROM failed_events WHERE status = 'failed' GROUP BY kind").execute()
                .map(rows -> {
                    Map<EventFailure.Kind, Long> counts = new EnumMap<>(EventFailure.Kind.class);
                    for (EventFailure.Kind kind : EventFailure.Kind.values()) {
                        counts.put(kind, 0L);
                    }
                    rows.forEach(row -> counts.put(EventFailure.Kind.of(row.getString(0)), row.getLong(1)));
                    return counts;
                });
    }

    /**
     * PostgreSQL text cannot hold NUL characters; a record carrying one is not JSON anyway, so the character
     * is shown as U+FFFD rather than losing the whole record.
     */
    private static String storable(String value) {
        return value == null || value.indexOf(0) < 0 ? value : value.replace((char) 0, '\uFFFD');
    }

    private static FailedEvent first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : toFailedEvent(rows.iterator().next());
    }

    private static FailedEvent toFailedEvent(Row row) {
        return new FailedEvent(row.getUUID("id"), row.getLong("position"), EventFailure.Kind.of(row.getString("kind")),
                Status.of(row.getString("status")), row.getUUID("ledger_id"), row.getLong("sequence"),
                row.getUUID("event_id"), row.getString("event_type"), row.getString("reason"),
                new RawEvent(row.getString("payload"), row.getString("record_key"), row.getString("header_id"),
                        row.getString("header_event_type"), row.getString("origin")),
                row.getOffsetDateTime("first_seen_at"), row.getOffsetDateTime("last_seen_at"),
                row.getInteger("attempts"), row.getOffsetDateTime("resolved_at"));
    }
}
