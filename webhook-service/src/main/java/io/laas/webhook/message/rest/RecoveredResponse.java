package io.laas.webhook.message.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Answer to a recovery: how many failed deliveries are due again. */
@RegisterForReflection
public record RecoveredResponse(int recovered) {
}
