package io.laas.webhook.delivery.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.common.CursorKey;
import io.laas.webhook.delivery.AttemptLogEntry;
import io.laas.webhook.delivery.AttemptOutcome;
import io.laas.webhook.delivery.FailedExchange;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AttemptRepository {

    private static final String LOG_SELECT = "SELECT a.id, a.endpoint_id, a.attempt_number, a.attempted_at,"
            + " a.response_status, a.error, a.duration_ms, d.message_id, d.status, m.event_type"
            + " FROM attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN messages m ON m.id = d.message_id";
    private static final String NEWEST_FIRST = " ORDER BY a.attempted_at DESC, a.id DESC";

    /**
     * Appends the attempts to the delivery log in one statement, each with its endpoint's ledger; the request
     * and answer of failed attempts ({@link AttemptOutcome#exchange()}) with them.
     */
    public Uni<Void> insertAll(SqlClient client, List<AttemptOutcome> attempts) {
        int size = attempts.size();
        UUID[] deliveries = new UUID[size];
        UUID[] endpoints = new UUID[size];
        Integer[] numbers = new Integer[size];
        OffsetDateTime[] attemptedAt = new OffsetDateTime[size];
        Integer[] statuses = new Integer[size];
        String[] errors = new String[size];
        Long[] durations = new Long[size];
        String[] urls = new String[size];
        String[] requestHeaders = new String[size];
        String[] responseHeaders = new String[size];
        String[] responseBodies = new String[size];
        Boolean[] truncated = new Boolean[size];
        for (int i = 0; i < size; i++) {
            AttemptOutcome attempt = attempts.get(i);
            deliveries[i] = attempt.delivery().id();
            endpoints[i] = attempt.delivery().endpointId();
            numbers[i] = attempt.attemptNumber();
            attemptedAt[i] = attempt.attemptedAt().atOffset(ZoneOffset.UTC);
            statuses[i] = attempt.responseStatus();
            errors[i] = attempt.error();
            durations[i] = attempt.durationMs();
            urls[i] = attempt.url();
            FailedExchange exchange = attempt.exchange();
            requestHeaders[i] = exchange == null ? null : json(exchange.requestHeaders());
            responseHeaders[i] = exchange == null ? null : json(exchange.responseHeaders());
            responseBodies[i] = exchange == null ? null : exchange.responseBody();
            truncated[i] = exchange != null && exchange.responseTruncated();
        }
        return client.preparedQuery("INSERT INTO attempts (id, delivery_id, endpoint_id, attempt_number, attempted_at,"
                + " response_status, error, duration_ms, url, request_headers, response_headers, response_body,"
                + " response_truncated, ledger_id)"
                + " SELECT gen_random_uuid(), a.delivery_id, a.endpoint_id, a.attempt_number, a.attempted_at,"
                + " a.response_status, a.error, a.duration_ms, a.url, a.request_headers::jsonb,"
                + " a.response_headers::jsonb, a.response_body, a.response_truncated,"
                + " (SELECT e.ledger_id FROM endpoints e WHERE e.id = a.endpoint_id)"
                + " FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[], $5::int[], $6::text[],"
                + " $7::int8[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bool[])"
                + " AS a(delivery_id, endpoint_id, attempt_number, attempted_at, response_status, error, duration_ms,"
                + " url, request_headers, response_headers, response_body, response_truncated)")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(deliveries)
                        .addArrayOfUUID(endpoints)
                        .addArrayOfInteger(numbers)
                        .addArrayOfOffsetDateTime(attemptedAt)
                        .addArrayOfInteger(statuses)
                        .addArrayOfString(errors)
                        .addArrayOfLong(durations)
                        .addArrayOfString(urls)
                        .addArrayOfString(requestHeaders)
                        .addArrayOfString(responseHeaders)
                        .addArrayOfString(responseBodies)
                        .addArrayOfBoolean(truncated))
                .replaceWithVoid();
    }

    private static String json(Map<String, String> headers) {
        return headers == null ? null : new JsonObject(new LinkedHashMap<String, Object>(headers)).encode();
    }

    /**
     * The delivery log of an endpoint, newest first, older than {@code after} (from the newest when
     * {@code null}); fetches {@code limit + 1} rows.
     */
    public Uni<List<AttemptLogEntry>> listForEndpoint(SqlClient client, UUID endpointId, CursorKey after,
            int limit) {
        Uni<RowSet<Row>> rows;
        if (after == null) {
            rows = client.preparedQuery(LOG_SELECT + " WHERE a.endpoint_id = $1" + NEWEST_FIRST + " LIMIT $2")
                    .execute(Tuple.of(endpointId, limit + 1));
        } else {
            rows = client.preparedQuery(LOG_SELECT + " WHERE a.endpoint_id = $1 AND (a.attempted_at, a.id) < ($2, $3)"
                    + NEWEST_FIRST + " LIMIT $4")
                    .execute(Tuple.of(endpointId, after.at().atOffset(ZoneOffset.UTC), after.id(), limit + 1));
        }
        return rows.map(AttemptRepository::entries);
    }

    /**
     * The attempts of a message to all its endpoints, newest first, older than {@code after} (from the newest when
     * {@code null}); fetches {@code limit + 1} rows.
     */
    public Uni<List<AttemptLogEntry>> listForMessage(SqlClient client, UUID messageId, CursorKey after, int limit) {
        Uni<RowSet<Row>> rows;
        if (after == null) {
            rows = client.preparedQuery(LOG_SELECT + " WHERE d.message_id = $1" + NEWEST_FIRST + " LIMIT $2")
                    .execute(Tuple.of(messageId, limit + 1));
        } else {
            rows = client.preparedQuery(LOG_SELECT + " WHERE d.message_id = $1 AND (a.attempted_at, a.id) < ($2, $3)"
                    + NEWEST_FIRST + " LIMIT $4")
                    .execute(Tuple.of(messageId, after.at().atOffset(ZoneOffset.UTC), after.id(), limit + 1));
        }
        return rows.map(AttemptRepository::entries);
    }

    private static List<AttemptLogEntry> entries(RowSet<Row> set) {
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
                    row.getString("status"),
                    row.getUUID("endpoint_id")));
        }
        return result;
    }
}
