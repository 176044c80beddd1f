package io.laas.iam.audit.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.audit.Actor;
import io.laas.iam.audit.AuditEvent;
import io.laas.iam.audit.AuditQuery;
import io.laas.iam.audit.RequestSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The append-only {@code audit_events} table: INSERT and SELECT, nothing else. */
@ApplicationScoped
public class AuditEventRepository {

    private static final String COLUMNS = "id, seq, organization_id, occurred_at, actor_type, actor_id, actor_display,"
            + " action, target_type, target_id, source_ip, user_agent, request_id, before, after, service";

    // A person's email and an API key's prefix are looked up when the caller did not know them (a token
    // names only their id); an event already appended (the same id, from a redelivered message) is kept.
    private static final String INSERT = "INSERT INTO audit_events (id, organization_id, occurred_at, actor_type,"
            + " actor_id, actor_display, action, target_type, target_id, source_ip, user_agent, request_id, before,"
            + " after, service) VALUES ($1, $2, $3, $4, $5, COALESCE($6,"
            + " (SELECT email FROM users WHERE $4 = 'person' AND id::text = $5),"
            + " (SELECT prefix FROM api_keys WHERE $4 = 'api_key' AND id::text = $5)),"
            + " $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (id) DO NOTHING";

    private static final String SELECT = "SELECT " + COLUMNS + " FROM audit_events WHERE organization_id = $1"
            + " AND ($2::timestamptz IS NULL OR occurred_at >= $2)"
            + " AND ($3::timestamptz IS NULL OR occurred_at < $3)"
            + " AND ($4::text IS NULL OR actor_id = $4)"
            + " AND ($5::text IS NULL OR action = $5 OR (right($5, 1) = '.' AND starts_with(action, $5)))"
            + " AND ($6::text IS NULL OR target_type = $6)"
            + " AND ($7::text IS NULL OR target_id = $7)"
            + " AND ($8::bigint IS NULL OR seq < $8)"
            + " ORDER BY seq DESC LIMIT $9";

    public Uni<Void> insert(SqlClient client, AuditEvent event) {
        Actor actor = event.actor();
        RequestSource source = event.source();
        Tuple tuple = Tuple.tuple(List.of(event.id(), event.organizationId(),
                event.occurredAt().atOffset(ZoneOffset.UTC), actor.type()))
                .addString(actor.id())
                .addString(actor.display())
                .addString(event.action())
                .addString(event.targetType())
                .addString(event.targetId())
                .addString(source.ip())
                .addString(source.userAgent())
                .addString(source.requestId())
                .addValue(event.before())
                .addValue(event.after())
                .addString(event.service());
        return client.preparedQuery(INSERT).execute(tuple).replaceWithVoid();
    }

    /** The events the query selects, newest (last appended) first. */
    public Uni<List<AuditEvent>> find(SqlClient client, AuditQuery query) {
        Tuple tuple = Tuple.of(query.organizationId())
                .addValue(at(query.from()))
                .addValue(at(query.to()))
                .addString(query.actorId())
                .addString(query.action())
                .addString(query.targetType())
                .addString(query.targetId())
                .addLong(query.beforeSeq())
                .addInteger(query.limit());
        return client.preparedQuery(SELECT).execute(tuple).map(rows -> {
            List<AuditEvent> events = new ArrayList<>();
            rows.forEach(row -> events.add(of(row)));
            return events;
        });
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static AuditEvent of(Row row) {
        return new AuditEvent(row.getUUID("id"), row.getLong("seq"), row.getUUID("organization_id"),
                row.getOffsetDateTime("occurred_at").toInstant(),
                new Actor(row.getString("actor_type"), row.getString("actor_id"), row.getString("actor_display")),
                row.getString("action"), row.getString("target_type"), row.getString("target_id"),
                new RequestSource(row.getString("source_ip"), row.getString("user_agent"), row.getString("request_id")),
                json(row.getValue("before")), json(row.getValue("after")), row.getString("service"));
    }

    private static JsonObject json(Object value) {
        return value instanceof JsonObject object ? object : null;
    }
}
