package io.laas.webhook.delivery.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.common.CursorKey;
import io.laas.webhook.delivery.AttemptLogEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AttemptRepository {

    private static final String LOG_SELECT = "SELECT a.id, a.attempt_number, a.attempted_at, a.response_status,"
            + " a.error, a.duration_ms, d.message_id, d.status, m.event_type"
            + " FROM attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN messages m ON m.id = d.message_id"
            + " WHERE a.endpoint_id = $1";

    public Uni<Void> insert(SqlClient client, UUID deliveryId, UUID endpointId, int attemptNumber,
            Instant attemptedAt, Integer responseStatus, String error, long durationMs) {
        return client.preparedQuery("INSERT INTO attempts (id, delivery_id, endpoint_id, attempt_number, attempted_at,"
                + " response_status, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.tuple()
                        .addUUID(UUID.randomUUID())
                        .addUUID(deliveryId)
                        .addUUID(endpointId)
                        .addInteger(attemptNumber)
                        .addOffsetDateTime(attemptedAt.atOffset(ZoneOffset.UTC))
                        .addInteger(responseStatus)
                        .addString(error)
                        .addLong(durationMs))
                .replaceWithVoid();
    }

    /**
     * The delivery log of an endpoint, newest first, older than {@code after} (from the newest when
     * {@code null}); fetches {@code limit + 1} rows.
     */
    public Uni<List<AttemptLogEntry>> listForEndpoint(SqlClient client, UUID endpointId, CursorKey after,
            int limit) {
        Uni<RowSet<Row>> rows;
        if (after == null) {
            rows = client.preparedQuery(LOG_SELECT + " ORDER BY a.attempted_at DESC, a.id DESC LIMIT $2")
                    .execute(Tuple.of(endpointId, limit + 1));
        } else {
            rows = client.preparedQuery(LOG_SELECT + " AND (a.attempted_at, a.id) < ($2, $3)"
                    + " ORDER BY a.attempted_at DESC, a.id DESC LIMIT $4")
                    .execute(Tuple.of(endpointId, after.at().atOffset(ZoneOffset.UTC), after.id(), limit + 1));
        }
        return rows.map(set -> {
            List<AttemptLogEntry> result = new ArrayList<>(set.size());
            for (Row row : set) {
                result.add(new AttemptLogEntry(
                        row.getUUID("id"),
                        row.getUUID("message_id"),
                        row.getString("event_type"),
                        row.getInteger("attempt_number"),
                        row.getOffsetDateTime("attempted_at").toInstant(),
                        row.getInteger("response_status"),
                        row.getString("error"),
                        row.getLong("duration_ms"),
                        row.getString("status")));
            }
            return result;
        });
    }
}
