package io.laas.iam.audit;

import java.time.Instant;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * One appended change of an organisation.
 *
 * @param seq the order in which events were appended
 * @param before the target's state before the change (null when it was created), secrets redacted
 * @param after its state after (null when it was deleted), secrets redacted
 */
public record AuditEvent(UUID id, long seq, UUID organizationId, Instant occurredAt, Actor actor, String action,
        String targetType, String targetId, RequestSource source, JsonObject before, JsonObject after,
        String service) {
}
