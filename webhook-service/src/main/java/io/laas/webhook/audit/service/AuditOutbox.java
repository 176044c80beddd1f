package io.laas.webhook.audit.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.outbox.OutboxEvent;
import io.laas.outbox.OutboxWriter;
import io.laas.webhook.audit.Initiator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Records a configuration change in the platform's audit log, which IAM keeps: an {@code audit.recorded} event
 * on this service's outbox (topic {@code outbox.event.audit}, keyed by the organisation), written in the
 * change's own transaction so that a change is never without its event nor an event without its change.
 * Snapshots must never hold a secret: callers pass what may be shown to the organisation's owners.
 */
@ApplicationScoped
public class AuditOutbox {

    public static final String AGGREGATE_TYPE = "audit";
    public static final String AUDIT_RECORDED = "audit.recorded";
    private static final String SERVICE = "webhook-service";

    private final OutboxWriter outbox;

    public AuditOutbox(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> record(SqlConnection conn, Initiator by, String action, String targetType, Object targetId,
            JsonObject before, JsonObject after) {
        UUID id = UUID.randomUUID();
        JsonObject payload = new JsonObject()
                .put("event_id", id.toString())
                .put("event_type", AUDIT_RECORDED)
                .put("organization_id", by.organizationId().toString())
                .put("occurred_at", Instant.now().toString())
                .put("service", SERVICE)
                .put("actor", new JsonObject().put("type", by.actorType()).put("id", by.actorId())
                        .put("display", by.actorDisplay()))
                .put("action", action)
                .put("target", new JsonObject().put("type", targetType)
                        .put("id", targetId == null ? null : targetId.toString()))
                .put("source", new JsonObject().put("ip", by.ip()).put("user_agent", by.userAgent())
                        .put("request_id", by.requestId()))
                .put("before", before)
                .put("after", after);
        return outbox.append(conn, new OutboxEvent(id, AGGREGATE_TYPE, by.organizationId().toString(), AUDIT_RECORDED,
                payload));
    }
}
