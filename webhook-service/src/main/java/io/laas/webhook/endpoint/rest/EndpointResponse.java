package io.laas.webhook.endpoint.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.laas.webhook.endpoint.CustomHeaders;
import io.laas.webhook.endpoint.Endpoint;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An endpoint as listed and read: never its secret, and the values of credential-like custom headers masked (they
 * are the receiver's credentials).
 */
@RegisterForReflection
public record EndpointResponse(UUID id, String url, List<String> eventTypes, String description, boolean enabled,
        String disabledReason, Instant createdAt, Instant updatedAt, Map<String, String> headers, Integer rateLimit,
        Integer maxInFlight, boolean fifo, Instant disabledAt, Instant failingSince,
        Instant previousSecretExpiresAt) {

    static EndpointResponse of(Endpoint e) {
        return new EndpointResponse(e.id(), e.url(), e.eventTypes(), e.description(), e.enabled(), e.disabledReason(),
                e.createdAt(), e.updatedAt(), CustomHeaders.masked(e.headers()), e.rateLimit(), e.maxInFlight(),
                e.fifo(), e.disabledAt(), e.failingSince(), e.previousSecretExpiresAt());
    }
}
