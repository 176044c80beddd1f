package io.laas.webhook.stats.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.stats.EndpointStats;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads the hourly counters that the trigger on {@code attempts} keeps in {@code endpoint_stats} (V8), and the
 * endpoint's pending deliveries.
 */
@ApplicationScoped
public class EndpointStatsRepository {

    /** The endpoint's state; {@code null} when the ledger has no such endpoint. */
    public record EndpointState(boolean enabled, Instant failingSince) {
    }

    /** The window's counters added up, and the latest attempt kept whatever the window. */
    public record Counters(long attempts, long succeeded, long durationMsSum, Long durationMsMax,
            Instant lastAttemptAt, Integer lastStatus, String lastError) {
    }

    public Uni<EndpointState> endpoint(SqlClient client, UUID ledgerId, UUID endpointId) {
        return client.preparedQuery("SELECT enabled, failing_since FROM endpoints WHERE id = $1 AND ledger_id = $2")
                .execute(Tuple.of(endpointId, ledgerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new EndpointState(row.getBoolean("enabled"), instant(row, "failing_since"));
                });
    }

    /**
     * The counters of every hour that overlaps the last {@code window} (so up to an hour more than the window),
     * through the primary key (endpoint_id, hour).
     */
    public Uni<Counters> counters(SqlClient client, UUID endpointId, Duration window) {
        return client.preparedQuery("SELECT w.attempts, w.succeeded, w.duration_ms_sum, w.duration_ms_max,"
                + " l.last_attempt_at, l.last_status, l.last_error"
                + " FROM (SELECT coalesce(sum(attempts), 0) AS attempts, coalesce(sum(succeeded), 0) AS succeeded,"
                + "         coalesce(sum(duration_ms_sum), 0) AS duration_ms_sum, max(duration_ms_max) AS duration_ms_max"
                + "       FROM endpoint_stats"
                + "       WHERE endpoint_id = $1 AND hour >= date_trunc('hour', now() - make_interval(secs => $2))) w"
                + " LEFT JOIN LATERAL (SELECT last_attempt_at, last_status, last_error FROM endpoint_stats"
                + "       WHERE endpoint_id = $1 ORDER BY hour DESC LIMIT 1) l ON true")
                .execute(Tuple.of(endpointId, (double) window.toSeconds()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Counters(row.getLong("attempts"), row.getLong("succeeded"),
                            row.getLong("duration_ms_sum"), row.getLong("duration_ms_max"),
                            instant(row, "last_attempt_at"), row.getInteger("last_status"),
                            row.getString("last_error"));
                });
    }

    /**
     * The endpoint's pending deliveries, through the partial index on (endpoint_id, next_attempt_at) of pending
     * ones. A leased delivery's next_attempt_at is its lease's end, so "due" leaves out those being sent.
     */
    public Uni<EndpointStats.Queue> queue(SqlClient client, UUID endpointId) {
        return client.preparedQuery("SELECT count(*) AS pending,"
                + " count(*) FILTER (WHERE next_attempt_at <= statement_timestamp()"
                + "   AND (lease_expires_at IS NULL OR lease_expires_at <= statement_timestamp())) AS due,"
                + " count(*) FILTER (WHERE lease_expires_at > statement_timestamp()) AS in_flight"
                + " FROM deliveries WHERE endpoint_id = $1 AND status = 'pending'")
                .execute(Tuple.of(endpointId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new EndpointStats.Queue(row.getLong("pending"), row.getLong("due"), row.getLong("in_flight"));
                });
    }

    /** Deletes the counters of hours that began before {@code cutoff}; how many rows. */
    public Uni<Integer> deleteBefore(SqlClient client, Instant cutoff) {
        return client.preparedQuery("DELETE FROM endpoint_stats WHERE hour < $1")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
