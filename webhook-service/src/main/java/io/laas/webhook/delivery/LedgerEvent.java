package io.laas.webhook.delivery;

import java.util.UUID;

/**
 * A ledger event as consumed from {@code outbox.event.ledger}; {@code payload} is the envelope JSON,
 * {@code traceparent} the trace context its record came with ({@code null} when none).
 */
public record LedgerEvent(UUID eventId, UUID ledgerId, String eventType, String payload, String traceparent) {
}
