package io.laas.webhook.endpoint.rest;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The test message queued for an endpoint ({@code message_id} is its {@code webhook-id}). */
@RegisterForReflection
public record TestMessageResponse(UUID messageId, String eventType) {
}
