package io.laas.projector.failure;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.RawEvent;

/** A recorded event failure (table {@code failed_events}), as operators see and re-drive it. */
public record FailedEvent(UUID id, long position, EventFailure.Kind kind, Status status, UUID ledgerId, Long sequence,
        UUID eventId, String eventType, String reason, RawEvent record, OffsetDateTime firstSeenAt,
        OffsetDateTime lastSeenAt, int attempts, OffsetDateTime resolvedAt) {

    public enum Status {
        /** Not applied; waits for an operator (its ledger's later events are parked behind it). */
        FAILED("failed"),
        /** Applied (or found applied) after a re-drive or a new delivery. */
        RESOLVED("resolved"),
        /** Closed by an operator without applying it. */
        DISMISSED("dismissed");

        private final String code;

        Status(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** The status of this code, or {@code null} for an unknown one. */
        public static Status of(String code) {
            for (Status status : values()) {
                if (status.code.equals(code)) {
                    return status;
                }
            }
            return null;
        }
    }
}
