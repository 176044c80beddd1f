package io.laas.webhook.delivery.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The head of each endpoint's delivery queue ({@code endpoint_queues}): when the endpoint may next have
 * something to send. The dispatcher serves endpoints in that order instead of scanning deliveries, so
 * the cost of a dispatch cycle depends on how many endpoints it serves, not on anyone's backlog.
 */
@ApplicationScoped
public class EndpointQueueRepository {

    /**
     * The endpoints may have something to send now (new deliveries, or a finished attempt freed a slot), or,
     * for a throttled endpoint, at the end of its pause. Rows are written in id order, so concurrent writers
     * never deadlock on them. An endpoint deleted meanwhile (an attempt to it was in flight) is skipped: its
     * queue row went with it.
     */
    public Uni<Void> markDue(SqlClient client, Collection<UUID> endpointIds) {
        if (endpointIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] sorted = new TreeSet<>(endpointIds).toArray(UUID[]::new);
        return client.preparedQuery("INSERT INTO endpoint_queues (endpoint_id, next_due_at)"
                + " SELECT e.id, now() FROM endpoints e WHERE e.id = ANY ($1::uuid[]) ORDER BY e.id FOR KEY SHARE OF e"
                + " ON CONFLICT (endpoint_id)"
                // A throttled endpoint stays due no earlier than the end of its pause.
                + " DO UPDATE SET next_due_at = GREATEST(LEAST(endpoint_queues.next_due_at, EXCLUDED.next_due_at),"
                + "   endpoint_queues.throttled_until)")
                .execute(Tuple.tuple().addArrayOfUUID(sorted))
                .replaceWithVoid();
    }

    /**
     * Locks up to {@code limit} endpoints that are due, the longest-waiting first, skipping those another
     * dispatcher holds. The locks last until the caller's transaction ends: meanwhile nobody else claims
     * for these endpoints, and any concurrent {@link #markDue} waits and applies afterwards.
     */
    public Uni<List<UUID>> lockDue(SqlClient client, int limit) {
        return client.preparedQuery("SELECT endpoint_id FROM endpoint_queues"
                + " WHERE next_due_at <= statement_timestamp()"
                + " ORDER BY next_due_at LIMIT $1"
                + " FOR NO KEY UPDATE SKIP LOCKED")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<UUID> locked = new ArrayList<>(rows.size());
                    rows.forEach(row -> locked.add(row.getUUID("endpoint_id")));
                    return locked;
                });
    }

    /**
     * Sets the next due time of the locked endpoints from their deliveries and limits: for a strict-FIFO
     * endpoint its first pending delivery's next attempt (the end of its lease while it is in flight); else
     * when a lease ends if the endpoint has no free slot (its {@code max_in_flight}, bounded by
     * {@code perEndpointCap}), else its oldest pending delivery's next attempt; and never before the end of its
     * throttling nor, for a rate-limited endpoint out of tokens, before its next token (NULL when nothing is
     * pending). Returns the earliest next due time of all endpoints, {@code null} if none.
     */
    public Uni<Instant> reschedule(SqlClient client, List<UUID> endpointIds, int perEndpointCap) {
        return client.preparedQuery("WITH rescheduled AS ("
                + "   UPDATE endpoint_queues q SET next_due_at = ("
                + "     SELECT CASE WHEN w.work IS NULL THEN NULL ELSE GREATEST(w.work, q.throttled_until,"
                + "       CASE WHEN e.rate_limit IS NOT NULL AND q.tokens < 1"
                + "         THEN q.tokens_at + make_interval(secs => (1 - q.tokens) / e.rate_limit) END) END"
                + "     FROM endpoints e CROSS JOIN LATERAL (SELECT CASE"
                + "       WHEN e.fifo"
                + "       THEN (SELECT d.next_attempt_at FROM deliveries d WHERE d.endpoint_id = q.endpoint_id"
                + "             AND d.status = 'pending' ORDER BY d.position LIMIT 1)"
                + "       WHEN (SELECT count(*) FROM deliveries d WHERE d.endpoint_id = q.endpoint_id"
                + "             AND d.lease_expires_at IS NOT NULL AND d.lease_expires_at > statement_timestamp()"
                + "             AND d.status = 'pending') >= LEAST(COALESCE(e.max_in_flight, $2), $2)"
                + "       THEN (SELECT min(d.lease_expires_at) FROM deliveries d WHERE d.endpoint_id = q.endpoint_id"
                + "             AND d.lease_expires_at IS NOT NULL AND d.lease_expires_at > statement_timestamp()"
                + "             AND d.status = 'pending')"
                + "       ELSE (SELECT d.next_attempt_at FROM deliveries d WHERE d.endpoint_id = q.endpoint_id"
                + "             AND d.status = 'pending' ORDER BY d.next_attempt_at LIMIT 1)"
                + "       END AS work) w"
                + "     WHERE e.id = q.endpoint_id)"
                + "   WHERE q.endpoint_id = ANY ($1)"
                + "   RETURNING q.next_due_at)"
                + " SELECT LEAST((SELECT min(next_due_at) FROM rescheduled),"
                + "   (SELECT min(next_due_at) FROM endpoint_queues WHERE endpoint_id <> ALL ($1))) AS next_due_at")
                .execute(Tuple.tuple().addArrayOfUUID(endpointIds.toArray(UUID[]::new)).addInteger(perEndpointCap))
                .map(rows -> instant(rows.iterator().next().getOffsetDateTime("next_due_at")));
    }

    /**
     * The endpoints asked to be left alone (429 or 503 with Retry-After) for the given times: nothing is claimed
     * for them before (a longer pause already set stays). The caller holds their queue rows locked.
     */
    public Uni<Void> throttle(SqlClient client, Map<UUID, Duration> pauses) {
        if (pauses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = new UUID[pauses.size()];
        Double[] seconds = new Double[pauses.size()];
        int i = 0;
        for (Map.Entry<UUID, Duration> pause : new TreeMap<>(pauses).entrySet()) {
            ids[i] = pause.getKey();
            seconds[i++] = pause.getValue().toMillis() / 1000.0;
        }
        return client.preparedQuery("UPDATE endpoint_queues q"
                + " SET throttled_until = GREATEST(q.throttled_until, statement_timestamp() + make_interval(secs => t.secs)),"
                + "   next_due_at = GREATEST(q.next_due_at, statement_timestamp() + make_interval(secs => t.secs))"
                + " FROM unnest($1::uuid[], $2::float8[]) AS t(id, secs) WHERE q.endpoint_id = t.id")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfDouble(seconds))
                .replaceWithVoid();
    }

    /** Endpoints throttled right now (all ledgers). */
    public Uni<Long> countThrottled(SqlClient client) {
        return client.query("SELECT count(*) FROM endpoint_queues WHERE throttled_until > now()")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The earliest next due time of all endpoints, {@code null} if none. */
    public Uni<Instant> earliestDue(SqlClient client) {
        return client.query("SELECT min(next_due_at) AS next_due_at FROM endpoint_queues")
                .execute()
                .map(rows -> instant(rows.iterator().next().getOffsetDateTime("next_due_at")));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
