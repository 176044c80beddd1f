package io.laas.webhook.message.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.common.CursorKey;
import io.laas.webhook.delivery.repository.DeliveryRepository;
import io.laas.webhook.delivery.service.DeliveryDispatcher;
import io.laas.webhook.message.AttemptDetail;
import io.laas.webhook.message.DeliveryState;
import io.laas.webhook.message.LoggedMessage;
import io.laas.webhook.message.MessageFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads of a ledger's message log: its messages, their deliveries and the attempts of each. */
@ApplicationScoped
public class MessageLogRepository {

    private static final String MESSAGE_COLUMNS = "id, ledger_id, event_type, created_at, payload::text AS payload,"
            + " position";
    private static final String DELIVERY_COLUMNS = "endpoint_id, status, attempts, next_attempt_at, last_attempt_at";

    /**
     * The ledger's messages that pass {@code filter}, newest first, older than {@code after} (from the newest when
     * {@code null}); fetches {@code limit + 1} rows. Read in the order of {@code messages_ledger_type_log_idx} when
     * one type is asked for, else of {@code messages_ledger_log_idx}.
     */
    public Uni<List<LoggedMessage>> list(SqlClient client, UUID ledgerId, MessageFilter filter, CursorKey after,
            int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE ledger_id = $1");
        Tuple params = Tuple.of(ledgerId);
        if (filter.eventType() != null) {
            params.addString(filter.eventType());
            sql.append(" AND event_type = $").append(params.size());
        }
        if (filter.eventFamily() != null) {
            params.addString(filter.eventFamily() + ".");
            sql.append(" AND starts_with(event_type, $").append(params.size()).append(')');
        }
        if (filter.since() != null) {
            params.addOffsetDateTime(utc(filter.since()));
            sql.append(" AND created_at >= $").append(params.size());
        }
        if (filter.until() != null) {
            params.addOffsetDateTime(utc(filter.until()));
            sql.append(" AND created_at < $").append(params.size());
        }
        if (after != null) {
            params.addOffsetDateTime(utc(after.at())).addUUID(after.id());
            sql.append(" AND (created_at, id) < ($").append(params.size() - 1).append(", $").append(params.size())
                    .append(')');
        }
        params.addInteger(limit + 1);
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT $").append(params.size());
        return client.preparedQuery(sql.toString()).execute(params).map(rows -> {
            List<LoggedMessage> messages = new ArrayList<>(rows.size());
            rows.forEach(row -> messages.add(message(row)));
            return messages;
        });
    }

    /** The message of the ledger with this id, {@code null} if none. */
    public Uni<LoggedMessage> find(SqlClient client, UUID ledgerId, UUID id) {
        return client.preparedQuery("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE id = $1 AND ledger_id = $2")
                .execute(Tuple.of(id, ledgerId))
                .map(rows -> rows.size() == 0 ? null : message(rows.iterator().next()));
    }

    /** The deliveries of a message, in the order they were created. */
    public Uni<List<DeliveryState>> deliveries(SqlClient client, UUID messageId) {
        return client.preparedQuery("SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE message_id = $1"
                + " ORDER BY created_at, endpoint_id")
                .execute(Tuple.of(messageId))
                .map(rows -> {
                    List<DeliveryState> states = new ArrayList<>(rows.size());
                    rows.forEach(row -> states.add(deliveryState(row)));
                    return states;
                });
    }

    /** The delivery of a message to an endpoint, {@code null} if there is none. */
    public Uni<DeliveryState> delivery(SqlClient client, UUID messageId, UUID endpointId) {
        return client.preparedQuery("SELECT " + DELIVERY_COLUMNS + " FROM deliveries"
                + " WHERE message_id = $1 AND endpoint_id = $2")
                .execute(Tuple.of(messageId, endpointId))
                .map(rows -> rows.size() == 0 ? null : deliveryState(rows.iterator().next()));
    }

    /** One attempt of the message with what was kept of it and the body it sent, {@code null} if none. */
    public Uni<AttemptDetail> attempt(SqlClient client, UUID messageId, UUID attemptId) {
        return client.preparedQuery("SELECT a.id, a.endpoint_id, a.attempt_number, a.attempted_at, a.duration_ms,"
                + " a.error, a.url, a.request_headers::text AS request_headers, a.response_status,"
                + " a.response_headers::text AS response_headers, a.response_body, a.response_truncated,"
                + " m.id AS message_id, m.event_type, m.payload::text AS payload, "
                + DeliveryRepository.RECORDED_AT + " AS recorded_at"
                + " FROM attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN messages m ON m.id = d.message_id"
                + " WHERE a.id = $1 AND d.message_id = $2")
                .execute(Tuple.of(attemptId, messageId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new AttemptDetail(row.getUUID("id"), row.getUUID("message_id"), row.getUUID("endpoint_id"),
                            row.getInteger("attempt_number"), instant(row.getOffsetDateTime("attempted_at")),
                            row.getLong("duration_ms"), row.getString("error"), row.getString("url"),
                            map(row.getString("request_headers")),
                            DeliveryDispatcher.body(row.getString("event_type"), row.getString("recorded_at"),
                                    row.getString("payload")),
                            row.getInteger("response_status"), map(row.getString("response_headers")),
                            row.getString("response_body"), row.getBoolean("response_truncated"));
                });
    }

    static DeliveryState deliveryState(Row row) {
        return new DeliveryState(row.getUUID("endpoint_id"), row.getString("status"), row.getInteger("attempts"),
                instant(row.getOffsetDateTime("next_attempt_at")), instant(row.getOffsetDateTime("last_attempt_at")));
    }

    private static LoggedMessage message(Row row) {
        return new LoggedMessage(row.getUUID("id"), row.getUUID("ledger_id"), row.getString("event_type"),
                instant(row.getOffsetDateTime("created_at")), row.getString("payload"), row.getLong("position"));
    }

    private static Map<String, Object> map(String json) {
        return json == null ? null : new JsonObject(json).getMap();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
