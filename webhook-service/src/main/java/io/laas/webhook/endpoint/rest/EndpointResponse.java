package io.laas.webhook.endpoint.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.laas.webhook.endpoint.Endpoint;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An endpoint as listed and read: never its secret. */
@RegisterForReflection
public record EndpointResponse(UUID id, String url, List<String> eventTypes, String description, boolean enabled,
        String disabledReason, Instant createdAt, Instant updatedAt) {

    static EndpointResponse of(Endpoint e) {
        return new EndpointResponse(e.id(), e.url(), e.eventTypes(), e.description(), e.enabled(), e.disabledReason(),
                e.createdAt(), e.updatedAt());
    }
}
