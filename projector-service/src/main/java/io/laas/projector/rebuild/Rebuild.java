package io.laas.projector.rebuild;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One rebuild of a ledger's projection from the command service's event log.
 *
 * @param targetSequence the ledger's projected sequence when the rebuild started
 * @param lastSequence the last sequence applied to the copy; once completed, the sequence it was swapped in at
 * @param shadowSchema the schema the copy is built in (dropped when the rebuild ends)
 */
public record Rebuild(UUID id, UUID ledgerId, Status status, String shadowSchema, OffsetDateTime startedAt,
        OffsetDateTime finishedAt, long targetSequence, long lastSequence, long eventsApplied, String error) {

    public enum Status {
        RUNNING, COMPLETED, FAILED;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status of(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The schema of a rebuild's copy: derived from its id, so it is a safe SQL identifier. */
    public static String shadowSchemaOf(UUID rebuildId) {
        return "projector_rebuild_" + rebuildId.toString().replace("-", "");
    }
}
