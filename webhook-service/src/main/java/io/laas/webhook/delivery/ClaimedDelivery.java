package io.laas.webhook.delivery;

import java.util.UUID;

/**
 * A due delivery claimed by this dispatcher, with what sending it needs. {@code attempts} is the
 * number of attempts already made.
 */
public record ClaimedDelivery(UUID id, UUID messageId, UUID endpointId, int attempts, String eventType,
        String payload, String recordedAt, String url, String secret, boolean endpointEnabled) {
}
