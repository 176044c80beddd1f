package io.laas.webhook.message.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.laas.webhook.message.service.MessageService.MessageWithDeliveries;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A message with its deliveries. */
@RegisterForReflection
public record MessageDetailResponse(UUID id, String eventType, Instant receivedAt,
        @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the event envelope") String payload,
        List<DeliveryResponse> deliveries) {

    static MessageDetailResponse of(MessageWithDeliveries m) {
        return new MessageDetailResponse(m.message().id(), m.message().eventType(), m.message().receivedAt(),
                m.message().payload(), m.deliveries().stream().map(DeliveryResponse::of).toList());
    }
}
