package io.laas.webhook.endpoint.rest;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The new signing secret, shown once, and when the previous one stops signing. */
@RegisterForReflection
public record RotatedSecretResponse(String secret, Instant previousSecretExpiresAt) {
}
