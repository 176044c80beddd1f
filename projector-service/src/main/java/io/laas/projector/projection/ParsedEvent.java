package io.laas.projector.projection;

import java.util.UUID;

/** A received record after reading: a typed event, or the reason it can never be projected. */
public sealed interface ParsedEvent permits ParsedEvent.Readable, ParsedEvent.Unreadable {

    RawEvent raw();

    record Readable(RawEvent raw, LedgerEvent event) implements ParsedEvent {
    }

    /** What could be read of the event's identity ({@code null} where unknown) and why it is poison. */
    record Unreadable(RawEvent raw, UUID ledgerId, Long sequence, UUID eventId, String eventType, String reason)
            implements ParsedEvent {
    }
}
