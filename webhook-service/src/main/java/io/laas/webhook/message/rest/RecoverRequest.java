package io.laas.webhook.message.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST …/webhook-endpoints/{endpoint_id}/recover}: RFC 3339 times, read as text so that a bad one
 * is answered naming its field.
 */
@RegisterForReflection
public record RecoverRequest(String since, String until) {
}
