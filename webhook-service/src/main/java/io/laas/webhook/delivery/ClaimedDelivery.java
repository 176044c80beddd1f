package io.laas.webhook.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A due delivery claimed by this dispatcher, with what sending it needs. {@code attempts} is the
 * number of attempts already made. {@code recordedAt} is the event's recorded_at as written in the
 * envelope (the body's timestamp); {@code recordedAtTime} the same instant when it is an RFC 3339
 * timestamp, else {@code null}.
 */
public record ClaimedDelivery(UUID id, UUID messageId, UUID endpointId, int attempts, String eventType,
        String payload, String recordedAt, Instant recordedAtTime, String url, String secret,
        boolean endpointEnabled) {
}
