package io.laas.webhook.message.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.message.DeliveryState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deliveries made due again on a tenant's request. A delivery that had ended (succeeded or failed) starts a new
 * round of the retry schedule: {@code round_start} takes its attempts so far, and attempt numbers keep counting.
 * A delivery being attempted right now (a live lease) is left to its attempt, so that nothing is sent twice at
 * once.
 */
@ApplicationScoped
public class RedeliveryRepository {

    private static final String RESEND = "UPDATE deliveries d SET"
            + " round_start = CASE WHEN d.status = 'pending' THEN d.round_start ELSE d.attempts END,"
            + " status = 'pending', next_attempt_at = now(), lease_expires_at = NULL, leased_by = NULL";

    /**
     * Makes the delivery of the message to the endpoint due now; its state after, or {@code null} when it has no
     * such delivery or the delivery is being attempted.
     */
    public Uni<DeliveryState> resend(SqlClient client, UUID messageId, UUID endpointId) {
        return client.preparedQuery(RESEND + " WHERE d.message_id = $1 AND d.endpoint_id = $2"
                + " AND (d.status <> 'pending' OR d.lease_expires_at IS NULL OR d.lease_expires_at <= now())"
                + " RETURNING d.endpoint_id, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at")
                .execute(Tuple.of(messageId, endpointId))
                .map(rows -> rows.size() == 0 ? null : MessageLogRepository.deliveryState(rows.iterator().next()));
    }

    /**
     * Makes every failed delivery of the endpoint whose message was received in [{@code since}, {@code until}) due
     * now ({@code until} {@code null}: up to now), in one statement; how many. A delivery is created after its
     * message, so {@code deliveries_endpoint_failed_idx} bounds the scan from {@code since} on.
     */
    public Uni<Integer> recoverFailed(SqlClient client, UUID endpointId, Instant since, Instant until) {
        return client.preparedQuery(RESEND + " FROM messages m"
                + " WHERE d.endpoint_id = $1 AND d.status = 'failed' AND d.created_at >= $2"
                + " AND m.id = d.message_id AND m.created_at >= $2 AND ($3::timestamptz IS NULL OR m.created_at < $3)")
                .execute(Tuple.of(endpointId, since.atOffset(ZoneOffset.UTC),
                        until == null ? null : until.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
