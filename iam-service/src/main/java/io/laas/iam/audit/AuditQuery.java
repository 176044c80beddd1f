package io.laas.iam.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * A filter of an organisation's audit events; every null part filters nothing.
 *
 * @param from occurred at or after
 * @param to occurred before
 * @param action an exact action, or a prefix ending with a dot ({@code api_key.})
 * @param beforeSeq only events appended before this one (the page cursor)
 */
public record AuditQuery(UUID organizationId, Instant from, Instant to, String actorId, String action,
        String targetType, String targetId, Long beforeSeq, int limit) {
}
