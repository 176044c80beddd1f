package io.laas.projector.projection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * An event the projection did not apply and will not apply by itself: it is recorded (table
 * {@code failed_events}), counted and shown to operators, who re-drive it after a fix.
 *
 * @param raw the record as received, kept so that it can be processed again exactly as it came
 * @param kind {@link Kind#POISON} when the event cannot be applied (unreadable, invalid data, unknown
 *        account); {@link Kind#SEQUENCE_CONFLICT} when another event id already holds its ledger sequence
 * @param ledgerId, sequence, eventId, eventType what could be read of its identity, {@code null} where unknown
 * @param reason what is wrong, precisely enough to act on
 */
public record EventFailure(RawEvent raw, Kind kind, UUID ledgerId, Long sequence, UUID eventId, String eventType,
        String reason) {

    public enum Kind {
        POISON("poison"),
        SEQUENCE_CONFLICT("sequence_conflict");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The value stored and shown by the operator API. */
        public String code() {
            return code;
        }

        public static Kind of(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown failure kind " + code);
        }
    }

    /**
     * What identifies the event across deliveries: its id when one could be read, otherwise a hash of the
     * record as received.
     */
    public String fingerprint() {
        if (eventId != null) {
            return eventId.toString();
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] { raw.value(), raw.key(), raw.idHeader(), raw.eventTypeHeader() }) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static EventFailure poison(ParsedEvent.Unreadable unreadable) {
        return new EventFailure(unreadable.raw(), Kind.POISON, unreadable.ledgerId(), unreadable.sequence(),
                unreadable.eventId(), unreadable.eventType(), unreadable.reason());
    }

    public static EventFailure poison(RawEvent raw, LedgerEvent event, String reason) {
        return new EventFailure(raw, Kind.POISON, event.ledgerId(), event.sequence(), event.eventId(),
                event.eventType(), reason);
    }

    public static EventFailure sequenceConflict(RawEvent raw, LedgerEvent event, String reason) {
        return new EventFailure(raw, Kind.SEQUENCE_CONFLICT, event.ledgerId(), event.sequence(), event.eventId(),
                event.eventType(), reason);
    }
}
