package io.laas.projector.projection;

/**
 * A record of topic {@code outbox.event.ledger} as it was received (value, key and the headers {@code id}
 * and {@code eventType}), or a stored copy of one being processed again. {@code origin} says where it came
 * from, e.g. {@code outbox.event.ledger-0@1234}, {@code parked} or {@code redrive}.
 */
public record RawEvent(String value, String key, String idHeader, String eventTypeHeader, String origin) {
}
