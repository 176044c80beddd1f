package io.laas.webhook.endpoint.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Optional body of {@code POST …/webhook-endpoints/{endpoint_id}/secret/rotate}: no secret = a generated one. */
@RegisterForReflection
public record RotateSecretRequest(String secret) {
}
