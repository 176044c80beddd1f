package io.laas.webhook.message;

import java.time.Instant;
import java.util.UUID;

/** Where the delivery of a message to one endpoint stands. */
public record DeliveryState(UUID endpointId, String status, int attempts, Instant nextAttemptAt,
        Instant lastAttemptAt) {
}
