package io.laas.outbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The relay's SQL on the outbox table: the relay lock, reading rows in {@code position} order, deleting. */
final class OutboxTable {

    private static final String COLUMNS = "id, aggregatetype, aggregateid, type, payload::text AS payload, traceparent, position";

    private final String lockSql;
    private final String unlockSql;
    private final Tuple lockKey;
    private final String oldestSql;
    private final String headsSql;
    private final String deleteSql;
    private final String statsSql;

    OutboxTable(String table, OptionalLong lockId) {
        String key;
        if (lockId.isPresent()) {
            key = "$1";
            this.lockKey = Tuple.of(lockId.getAsLong());
        } else {
            key = "hashtextextended('laas.outbox:' || current_schema() || '.' || $1, 0)";
            this.lockKey = Tuple.of(table);
        }
        this.lockSql = "SELECT pg_try_advisory_lock(" + key + ") AS locked";
        this.unlockSql = "SELECT pg_advisory_unlock(" + key + ")";
        this.oldestSql = "SELECT " + COLUMNS + " FROM " + table
                + " WHERE aggregateid <> ALL($2::text[]) ORDER BY position LIMIT $1";
        // One index probe in position order per aggregate: its oldest row is normally at the front.
        this.headsSql = "SELECT o.* FROM unnest($1::text[]) AS blocked(aggregateid)"
                + " CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM " + table
                + " WHERE aggregateid = blocked.aggregateid ORDER BY position LIMIT 1) o ORDER BY o.position";
        this.deleteSql = "DELETE FROM " + table + " WHERE id = ANY($1::uuid[])";
        this.statsSql = "SELECT count(*) AS pending,"
                + " COALESCE(EXTRACT(EPOCH FROM (now() - min(\"timestamp\"))) * 1000, 0)::bigint AS lag_ms FROM " + table;
    }

    /** Takes the session-level relay lock on {@code conn} if no other session holds it. */
    Uni<Boolean> tryLock(SqlConnection conn) {
        return conn.preparedQuery(lockSql).execute(lockKey)
                .map(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean("locked")));
    }

    Uni<Void> unlock(SqlConnection conn) {
        return conn.preparedQuery(unlockSql).execute(lockKey).replaceWithVoid();
    }

    /** The oldest rows, in position order, of every aggregate not in {@code excludedAggregates}. */
    Uni<List<PendingEvent>> oldest(SqlConnection conn, int limit, Collection<String> excludedAggregates) {
        return conn.preparedQuery(oldestSql)
                .execute(Tuple.tuple().addInteger(limit).addArrayOfString(excludedAggregates.toArray(String[]::new)))
                .map(OutboxTable::events);
    }

    /** The oldest row of each of these aggregates that still has one, in position order. */
    Uni<List<PendingEvent>> heads(SqlConnection conn, Collection<String> aggregates) {
        return conn.preparedQuery(headsSql)
                .execute(Tuple.tuple().addArrayOfString(aggregates.toArray(String[]::new)))
                .map(OutboxTable::events);
    }

    Uni<Void> delete(SqlConnection conn, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(deleteSql).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    Uni<Backlog> backlog(Pool pool) {
        return pool.query(statsSql).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new Backlog(row.getLong("pending"), row.getLong("lag_ms"));
        });
    }

    /** Rows waiting in the table and the age of the oldest. */
    record Backlog(long pending, long lagMillis) {
    }

    private static List<PendingEvent> events(RowSet<Row> rows) {
        List<PendingEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            events.add(new PendingEvent(row.getUUID("id"), row.getString("aggregatetype"), row.getString("aggregateid"),
                    row.getString("type"), row.getString("payload"), row.getString("traceparent"), row.getLong("position")));
        }
        return events;
    }
}
