package io.laas.webhook.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's webhook endpoint. {@code eventTypes} empty = every event type of the ledger. {@code headers} are added
 * to every request (in clear here: masked only when shown, {@link CustomHeaders#masked}); {@code rateLimit}
 * (deliveries per second) and {@code maxInFlight} are {@code null} when not set; {@code previousSecretExpiresAt} is
 * when the secret before the last rotation stops signing, {@code null} when there is none.
 */
public record Endpoint(UUID id, UUID ledgerId, String url, String description, String secret,
        List<String> eventTypes, boolean enabled, String disabledReason, Instant createdAt, Instant updatedAt,
        Map<String, String> headers, Integer rateLimit, Integer maxInFlight, boolean fifo, Instant disabledAt,
        Instant failingSince, Instant previousSecretExpiresAt) {
}
