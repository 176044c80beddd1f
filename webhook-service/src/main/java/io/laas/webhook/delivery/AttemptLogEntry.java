package io.laas.webhook.delivery;

import java.time.Instant;
import java.util.UUID;

/** One line of a delivery log (of an endpoint, or of a message across its endpoints). */
public record AttemptLogEntry(UUID id, UUID messageId, String eventType, int attemptNumber, Instant attemptedAt,
        Integer responseStatus, String error, long durationMs, String deliveryStatus, UUID endpointId) {
}
