package io.laas.webhook.delivery;

import java.util.UUID;

/**
 * A message just stored for a consumed event (its id is the event id) or emitted by the service itself;
 * {@code position} is the order in which messages were received.
 */
public record StoredMessage(UUID id, UUID ledgerId, String eventType, long position) {
}
