package io.laas.projector.failure.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.laas.projector.failure.FailedEvent;

/**
 * A failed event as operators see it. {@code record} (the Kafka record as received: key, identity headers,
 * value) is shown by the single-event view only, since a value may be large.
 */
public record FailedEventResponse(UUID id, String kind, String status, UUID ledgerId, Long sequence, UUID eventId,
        String eventType, String reason, int attempts, OffsetDateTime firstSeenAt, OffsetDateTime lastSeenAt,
        OffsetDateTime resolvedAt, String origin, @JsonInclude(JsonInclude.Include.NON_NULL) RecordResponse record) {

    public record RecordResponse(String key, String idHeader, String eventTypeHeader, String value) {
    }

    public static FailedEventResponse summary(FailedEvent event) {
        return of(event, null);
    }

    public static FailedEventResponse withRecord(FailedEvent event) {
        return of(event, new RecordResponse(event.record().key(), event.record().idHeader(),
                event.record().eventTypeHeader(), event.record().value()));
    }

    private static FailedEventResponse of(FailedEvent event, RecordResponse record) {
        return new FailedEventResponse(event.id(), event.kind().code(), event.status().code(), event.ledgerId(),
                event.sequence(), event.eventId(), event.eventType(), event.reason(), event.attempts(),
                event.firstSeenAt(), event.lastSeenAt(), event.resolvedAt(), event.record().origin(), record);
    }
}
