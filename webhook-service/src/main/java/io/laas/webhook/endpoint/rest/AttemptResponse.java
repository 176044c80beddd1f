package io.laas.webhook.endpoint.rest;

import java.time.Instant;
import java.util.UUID;

import io.laas.webhook.delivery.AttemptLogEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One line of a delivery log: of an endpoint, or of a message across its endpoints. */
@RegisterForReflection
public record AttemptResponse(UUID id, UUID messageId, UUID endpointId, String eventType, int attemptNumber,
        Instant attemptedAt, Integer responseStatus, String error, long durationMs, String deliveryStatus) {

    public static AttemptResponse of(AttemptLogEntry a) {
        return new AttemptResponse(a.id(), a.messageId(), a.endpointId(), a.eventType(), a.attemptNumber(),
                a.attemptedAt(), a.responseStatus(), a.error(), a.durationMs(), a.deliveryStatus());
    }
}
