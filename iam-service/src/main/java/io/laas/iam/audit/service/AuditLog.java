package io.laas.iam.audit.service;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.audit.AuditEvent;
import io.laas.iam.audit.AuditQuery;
import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.repository.AuditEventRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The one way to record a change: {@link #record} inside the transaction of the change, so the change and
 * its event commit (or roll back) together. Snapshots ({@code before}/{@code after}) are redacted here, whatever
 * the caller passes: a member named like a secret, a hash, a password or a token never reaches the log.
 */
@ApplicationScoped
public class AuditLog {

    static final String REDACTED = "[redacted]";
    /** A member whose name ends with one of these is redacted ({@code secret}, {@code password_hash}...). */
    private static final List<String> SECRET_SUFFIXES = List.of("secret", "hash", "password", "token", "raw_key",
            "private_key");
    private static final String SERVICE = "iam-service";

    private final Pool pool;
    private final AuditEventRepository events;

    public AuditLog(Pool pool, AuditEventRepository events) {
        this.pool = pool;
        this.events = events;
    }

    /** A change made by IAM itself: one event, appended on the change's own connection. */
    public Uni<Void> record(SqlConnection conn, Initiator by, UUID organizationId, String action, String targetType,
            Object targetId, JsonObject before, JsonObject after) {
        return events.insert(conn, new AuditEvent(UUID.randomUUID(), 0, organizationId, Instant.now(), by.actor(),
                action, targetType, targetId == null ? null : targetId.toString(), by.source(), redact(before),
                redact(after), SERVICE));
    }

    /**
     * An event another service recorded in its own transaction (received from its outbox); appending the same
     * event id again changes nothing.
     */
    public Uni<Void> append(SqlClient client, AuditEvent event) {
        return events.insert(client, new AuditEvent(event.id(), 0, event.organizationId(), event.occurredAt(),
                event.actor(), event.action(), event.targetType(), event.targetId(), event.source(),
                redact(event.before()), redact(event.after()), event.service()));
    }

    public Uni<List<AuditEvent>> find(AuditQuery query) {
        return events.find(pool, query);
    }

    /** A copy with every member named as a secret replaced by {@value #REDACTED}, at any depth. */
    static JsonObject redact(JsonObject snapshot) {
        if (snapshot == null) {
            return null;
        }
        JsonObject copy = new JsonObject();
        snapshot.forEach(entry -> copy.put(entry.getKey(),
                isSecret(entry.getKey()) ? REDACTED : redactValue(entry.getValue())));
        return copy;
    }

    private static Object redactValue(Object value) {
        if (value instanceof JsonObject object) {
            return redact(object);
        }
        if (value instanceof JsonArray array) {
            JsonArray copy = new JsonArray();
            array.forEach(item -> copy.add(redactValue(item)));
            return copy;
        }
        return value;
    }

    private static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_SUFFIXES.stream().anyMatch(lower::endsWith);
    }
}
