package io.laas.webhook.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's webhook endpoint. {@code eventTypes} empty = every event type of the ledger. */
public record Endpoint(UUID id, UUID ledgerId, String url, String description, String secret,
        List<String> eventTypes, boolean enabled, String disabledReason, Instant createdAt, Instant updatedAt) {
}
