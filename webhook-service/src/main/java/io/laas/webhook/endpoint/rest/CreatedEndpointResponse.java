package io.laas.webhook.endpoint.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.laas.webhook.endpoint.CustomHeaders;
import io.laas.webhook.endpoint.Endpoint;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Answer to a creation: the only time the signing secret is shown. */
@RegisterForReflection
public record CreatedEndpointResponse(UUID id, String url, List<String> eventTypes, String description,
        boolean enabled, Instant createdAt, String secret, Map<String, String> headers, Integer rateLimit,
        Integer maxInFlight, boolean fifo) {

    static CreatedEndpointResponse of(Endpoint e) {
        return new CreatedEndpointResponse(e.id(), e.url(), e.eventTypes(), e.description(), e.enabled(),
                e.createdAt(), e.secret(), CustomHeaders.masked(e.headers()), e.rateLimit(), e.maxInFlight(),
                e.fifo());
    }
}
