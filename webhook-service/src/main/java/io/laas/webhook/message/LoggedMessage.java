package io.laas.webhook.message;

import java.time.Instant;
import java.util.UUID;

/**
 * A message of a ledger's log: its id is the event id ({@code webhook-id}), {@code payload} the event envelope
 * as stored (JSON text), {@code position} the order in which it was received.
 */
public record LoggedMessage(UUID id, UUID ledgerId, String eventType, Instant receivedAt, String payload,
        long position) {
}
