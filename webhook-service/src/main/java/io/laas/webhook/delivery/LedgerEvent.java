package io.laas.webhook.delivery;

import java.util.UUID;

/** A ledger event as consumed from {@code outbox.event.ledger}; {@code payload} is the envelope JSON. */
public record LedgerEvent(UUID eventId, UUID ledgerId, String eventType, String payload) {
}
