package io.laas.webhook.delivery;

import java.util.UUID;

/** A message just stored for a consumed event (its id is the event id). */
public record StoredMessage(UUID id, UUID ledgerId, String eventType) {
}
