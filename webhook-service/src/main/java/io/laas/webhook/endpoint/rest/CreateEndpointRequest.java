package io.laas.webhook.endpoint.rest;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /v1/ledgers/{ledger_id}/webhook-endpoints}; no event types = every event type. The optional
 * settings are read as JSON ({@link EndpointFields}) so that each bad one is named.
 */
@RegisterForReflection
public record CreateEndpointRequest(
        @NotBlank @Size(max = 2048) String url,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> eventTypes,
        @Size(max = 500) String description,
        JsonNode headers,
        JsonNode rateLimit,
        JsonNode maxInFlight,
        JsonNode fifo,
        JsonNode enabled) {
}
