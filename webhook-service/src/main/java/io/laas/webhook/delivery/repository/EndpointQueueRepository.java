package io.laas.webhook.delivery.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
     * The endpoints may have something to send now (new deliveries, or a finished attempt freed a slot).
     * Rows are written in id order, so concurrent writers never deadlock on them. An endpoint deleted meanwhile
     * (an attempt to it was in flight) is skipped: its queue row went with it.
     */
    public Uni<Void> markDue(SqlClient client, Collection<UUID> endpointIds) {
        if (endpointIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] sorted = new TreeSet<>(endpointIds).toArray(UUID[]::new);
        return client.preparedQuery("INSERT INTO endpoint_queues (endpoint_id, next_due_at)"
                + " SELECT e.id, now() FROM endpoints e WHERE e.id = ANY ($1::uuid[]) ORDER BY e.id FOR KEY SHARE OF e"
                + " ON CONFLICT (endpoint_id)"
                + " DO UPDATE SET next_due_at = LEAST(endpoint_queues.next_due_at, EXCLUDED.next_due_at)")
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
     * Sets the next due time of the locked endpoints from their deliveries: when a lease ends if the
     * endpoint has no free slot, else its oldest pending delivery's next attempt (NULL when nothing is
     * pending). Returns the earliest next due time of all endpoints, {@code null} if none.
     */
    public Uni<Instant> reschedule(SqlClient client, List<UUID> endpointIds, int perEndpointCap) {
        return client.preparedQuery("WITH rescheduled AS ("
                + "   UPDATE endpoint_queues q SET next_due_at = CASE"
                + "     WHEN (SELECT count(*) FROM deliveries d WHERE d.endpoint_id = q.endpoint_id"
                + "           AND d.lease_expires_at IS NOT NULL AND d.lease_expires_at > statement_timestamp()"
                + "           AND d.status = 'pending') >= $2"
                + "     THEN (SELECT min(d.lease_expires_at) FROM deliveries d WHERE d.endpoint_id = q.endpoint_id"
                + "           AND d.lease_expires_at IS NOT NULL AND d.lease_expires_at > statement_timestamp()"
                + "           AND d.status = 'pending')"
                + "     ELSE (SELECT d.next_attempt_at FROM deliveries d WHERE d.endpoint_id = q.endpoint_id"
                + "           AND d.status = 'pending' ORDER BY d.next_attempt_at LIMIT 1)"
                + "   END"
                + "   WHERE q.endpoint_id = ANY ($1)"
                + "   RETURNING q.next_due_at)"
                + " SELECT LEAST((SELECT min(next_due_at) FROM rescheduled),"
                + "   (SELECT min(next_due_at) FROM endpoint_queues WHERE endpoint_id <> ALL ($1))) AS next_due_at")
                .execute(Tuple.tuple().addArrayOfUUID(endpointIds.toArray(UUID[]::new)).addInteger(perEndpointCap))
                .map(rows -> instant(rows.iterator().next().getOffsetDateTime("next_due_at")));
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
