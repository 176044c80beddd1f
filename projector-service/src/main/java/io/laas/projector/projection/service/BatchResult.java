package io.laas.projector.projection.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.LedgerEvent;

/**
 * What one database transaction did with a batch of records.
 *
 * @param outcomes per record, in the order given
 * @param applied events applied, the records' own and the parked successors drained after them
 * @param failures events recorded as failed (poison or sequence conflict), records' own and parked ones
 * @param parked records parked, each with the sequence its ledger stopped at
 * @param advanced the new last sequence of each ledger that moved
 * @param parkedChanged whether parked events were added or removed
 * @param appliedRecordedAt when the ledger recorded each event applied
 */
public record BatchResult(List<EventOutcome> outcomes, long applied, List<EventFailure> failures,
        List<ParkedArrival> parked, Map<UUID, Long> advanced, boolean parkedChanged,
        List<OffsetDateTime> appliedRecordedAt) {

    /** No record to apply (all of them were left out). */
    static final BatchResult NOTHING = new BatchResult(List.of(), 0, List.of(), List.of(), Map.of(), false, List.of());

    static BatchResult of(BatchPlan plan, boolean parkedChanged) {
        return new BatchResult(List.of(plan.outcomes), plan.applied.size(), List.copyOf(plan.failures),
                List.copyOf(plan.parkedArrivals), Map.copyOf(plan.advanced), parkedChanged,
                plan.applied.stream().map(LedgerEvent::recordedAt).toList());
    }

    /** Nothing applied: every record failed or was a duplicate, as {@code outcomes} say. */
    static BatchResult failedAlone(EventOutcome outcome, EventFailure failure) {
        return new BatchResult(List.of(outcome), 0, failure == null ? List.of() : List.of(failure), List.of(),
                Map.of(), false, List.of());
    }

    /** This batch's result followed by {@code later}'s (a later round, or the next records). */
    BatchResult then(BatchResult later, boolean laterHasRecords) {
        List<EventOutcome> allOutcomes = new ArrayList<>(outcomes);
        if (laterHasRecords) {
            allOutcomes.addAll(later.outcomes);
        }
        List<EventFailure> allFailures = new ArrayList<>(failures);
        allFailures.addAll(later.failures);
        List<ParkedArrival> allParked = new ArrayList<>(parked);
        allParked.addAll(later.parked);
        Map<UUID, Long> allAdvanced = new LinkedHashMap<>(advanced);
        allAdvanced.putAll(later.advanced);
        List<OffsetDateTime> allRecordedAt = new ArrayList<>(appliedRecordedAt);
        allRecordedAt.addAll(later.appliedRecordedAt);
        return new BatchResult(List.copyOf(allOutcomes), applied + later.applied, List.copyOf(allFailures),
                List.copyOf(allParked), Map.copyOf(allAdvanced), parkedChanged || later.parkedChanged,
                List.copyOf(allRecordedAt));
    }

    long count(EventOutcome outcome) {
        return outcomes.stream().filter(o -> o == outcome).count();
    }

    /** Applied events that were not among the records: parked successors drained after them. */
    long drained() {
        return applied - count(EventOutcome.APPLIED);
    }
}
