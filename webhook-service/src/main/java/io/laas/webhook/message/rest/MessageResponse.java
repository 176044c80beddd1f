package io.laas.webhook.message.rest;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.laas.webhook.message.LoggedMessage;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A message as listed: {@code payload} is the event envelope, written as the JSON object it is. */
@RegisterForReflection
public record MessageResponse(UUID id, String eventType, Instant receivedAt,
        @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the event envelope") String payload) {

    static MessageResponse of(LoggedMessage m) {
        return new MessageResponse(m.id(), m.eventType(), m.receivedAt(), m.payload());
    }
}
