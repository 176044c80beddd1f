package io.laas.webhook.endpoint.rest;

import java.time.Instant;
import java.util.UUID;

import io.laas.webhook.delivery.AttemptLogEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One line of the delivery log of an endpoint. */
@RegisterForReflection
public record AttemptResponse(UUID messageId, String eventType, int attemptNumber, Instant attemptedAt,
        Integer responseStatus, String error, long durationMs, String deliveryStatus) {

    static AttemptResponse of(AttemptLogEntry a) {
        return new AttemptResponse(a.messageId(), a.eventType(), a.attemptNumber(), a.attemptedAt(),
                a.responseStatus(), a.error(), a.durationMs(), a.deliveryStatus());
    }
}
