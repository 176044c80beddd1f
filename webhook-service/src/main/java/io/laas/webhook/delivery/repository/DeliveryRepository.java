package io.laas.webhook.delivery.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.delivery.ClaimedDelivery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class DeliveryRepository {

    /**
     * Creates a pending delivery, due now, for every enabled endpoint of the event's ledger that
     * subscribes to its type (an endpoint without event types subscribes to all).
     */
    public Uni<Integer> createForMatchingEndpoints(SqlClient client, UUID messageId, UUID ledgerId, String eventType) {
        return client.preparedQuery("INSERT INTO deliveries (id, message_id, endpoint_id, status, attempts,"
                + " next_attempt_at, created_at)"
                + " SELECT gen_random_uuid(), $1, e.id, 'pending', 0, now(), now() FROM endpoints e"
                + " WHERE e.ledger_id = $2 AND e.enabled"
                + " AND (cardinality(e.event_types) = 0 OR $3 = ANY (e.event_types))"
                + " ON CONFLICT (message_id, endpoint_id) DO NOTHING")
                .execute(Tuple.of(messageId, ledgerId, eventType))
                .map(rows -> rows.rowCount());
    }

    /**
     * Claims up to {@code limit} due deliveries. {@code SKIP LOCKED} lets several replicas claim
     * disjoint sets, and pushing {@code next_attempt_at} forward by the lease keeps a claimed delivery
     * away from other replicas while it is sent, yet retries it if this one dies mid-send.
     */
    public Uni<List<ClaimedDelivery>> claimDue(SqlClient client, int limit, Duration lease) {
        return client.preparedQuery("UPDATE deliveries d SET next_attempt_at = now() + make_interval(secs => $2)"
                + " FROM (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= now()"
                + "       ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due,"
                + " messages m, endpoints e"
                + " WHERE d.id = due.id AND m.id = d.message_id AND e.id = d.endpoint_id"
                + " RETURNING d.id, d.message_id, d.endpoint_id, d.attempts, m.event_type, m.payload::text AS payload,"
                + " COALESCE(m.payload ->> 'recorded_at', to_char(m.created_at AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')) AS recorded_at, e.url, e.secret, e.enabled")
                .execute(Tuple.of(limit, lease.toMillis() / 1000.0))
                .map(rows -> {
                    List<ClaimedDelivery> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        claimed.add(new ClaimedDelivery(
                                row.getUUID("id"),
                                row.getUUID("message_id"),
                                row.getUUID("endpoint_id"),
                                row.getInteger("attempts"),
                                row.getString("event_type"),
                                row.getString("payload"),
                                row.getString("recorded_at"),
                                row.getString("url"),
                                row.getString("secret"),
                                row.getBoolean("enabled")));
                    }
                    return claimed;
                });
    }

    /**
     * Records the outcome of attempt {@code attemptNumber}. The update only applies while the delivery
     * still has {@code attemptNumber - 1} attempts and is pending, so a send that outlived its lease
     * (and was retried elsewhere) cannot record twice. Returns whether it applied.
     *
     * @param status the new status
     * @param delay wait before the next attempt when the status stays {@code pending}
     */
    public Uni<Boolean> recordAttempt(SqlClient client, UUID id, int attemptNumber, String status, Duration delay) {
        return client.preparedQuery("UPDATE deliveries SET status = $3, attempts = $2, last_attempt_at = now(),"
                + " next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + make_interval(secs => $4) END"
                + " WHERE id = $1 AND attempts = $2 - 1 AND status = 'pending'")
                .execute(Tuple.of(id, attemptNumber, status, delay == null ? 0.0 : delay.toMillis() / 1000.0))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Fails a delivery without an attempt (its endpoint was disabled meanwhile). */
    public Uni<Void> fail(SqlClient client, UUID id) {
        return client.preparedQuery("UPDATE deliveries SET status = 'failed', next_attempt_at = NULL"
                + " WHERE id = $1 AND status = 'pending'")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Fails every pending delivery of an endpoint; returns how many. */
    public Uni<Integer> failPendingOfEndpoint(SqlClient client, UUID endpointId) {
        return client.preparedQuery("UPDATE deliveries SET status = 'failed', next_attempt_at = NULL"
                + " WHERE endpoint_id = $1 AND status = 'pending'")
                .execute(Tuple.of(endpointId))
                .map(rows -> rows.rowCount());
    }

    public Uni<Long> countPending(SqlClient client) {
        return client.query("SELECT count(*) AS pending FROM deliveries WHERE status = 'pending'")
                .execute()
                .map(rows -> rows.iterator().next().getLong("pending"));
    }
}
