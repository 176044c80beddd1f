package io.laas.ledger.event;

import java.util.UUID;

import io.vertx.core.json.JsonObject;

/** An event as the event store holds it: its id and sequence, and the envelope that was published. */
public record StoredEvent(UUID id, long sequence, JsonObject envelope) {
}
