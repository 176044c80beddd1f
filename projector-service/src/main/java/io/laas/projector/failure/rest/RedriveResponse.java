package io.laas.projector.failure.rest;

/**
 * The result of a successful re-drive: {@code outcome} is {@code applied} (with {@code applied_events - 1}
 * parked successors), {@code already_applied} or {@code parked} (valid, waiting for its predecessor);
 * {@code ledger_last_sequence} is the ledger's projection after it, when it moved.
 */
public record RedriveResponse(String outcome, long appliedEvents, Long ledgerLastSequence,
        FailedEventResponse failedEvent) {
}
