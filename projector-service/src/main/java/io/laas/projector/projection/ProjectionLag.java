package io.laas.projector.projection;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * How far a ledger's projection is behind the events the projector has seen for it: received and recorded,
 * but not applied (parked behind a missing predecessor, or failed). Events still on Kafka, not yet received,
 * are not counted: they show as consumer lag and in {@code laas_projector_event_delay_seconds}.
 *
 * @param projectedSequence the last sequence applied (0 before the first)
 * @param lastSeenSequence the highest sequence received, applied or not
 * @param secondsBehind since when the oldest event received and not applied has waited (0 when none)
 * @param lastAppliedAt when an event of the ledger was last applied ({@code null} before the first)
 * @param parkedEvents events waiting for a predecessor
 * @param failedEvents open failed events of the ledger (poison or sequence conflict) waiting for an operator
 * @param stopped whether the next sequence failed: the ledger stays behind it until an operator re-drives it
 */
public record ProjectionLag(UUID ledgerId, long projectedSequence, long lastSeenSequence, double secondsBehind,
        OffsetDateTime lastAppliedAt, long parkedEvents, long failedEvents, boolean stopped) {

    public long eventsBehind() {
        return lastSeenSequence - projectedSequence;
    }

    /** {@code current}, {@code waiting} (for a sequence not received yet) or {@code stopped} (at a failed event). */
    public String status() {
        if (stopped) {
            return "stopped";
        }
        return eventsBehind() > 0 ? "waiting" : "current";
    }
}
