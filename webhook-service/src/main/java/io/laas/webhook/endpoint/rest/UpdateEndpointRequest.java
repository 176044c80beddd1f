package io.laas.webhook.endpoint.rest;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code PATCH /v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}}, a merge patch: a field left out is
 * unchanged (Java {@code null}), one given as JSON {@code null} is cleared. Read by {@link EndpointFields}.
 */
@RegisterForReflection
public record UpdateEndpointRequest(JsonNode url, JsonNode description, JsonNode eventTypes, JsonNode enabled,
        JsonNode headers, JsonNode rateLimit, JsonNode maxInFlight, JsonNode fifo) {
}
