package io.laas.webhook.message.rest;

import java.time.Instant;
import java.util.UUID;

import io.laas.webhook.message.DeliveryState;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The delivery of a message to one endpoint. */
@RegisterForReflection
public record DeliveryResponse(UUID endpointId, String status, int attempts, Instant nextAttemptAt,
        Instant lastAttemptAt) {

    static DeliveryResponse of(DeliveryState d) {
        return new DeliveryResponse(d.endpointId(), d.status(), d.attempts(), d.nextAttemptAt(), d.lastAttemptAt());
    }
}
