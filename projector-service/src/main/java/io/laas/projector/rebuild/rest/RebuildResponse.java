package io.laas.projector.rebuild.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.laas.projector.rebuild.Rebuild;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A rebuild of a ledger's projection: {@code status} {@code running}, {@code completed} or {@code failed};
 * {@code target_sequence} the ledger's projected sequence when it started, {@code last_sequence} the last event
 * applied to the copy (once completed: the sequence it was swapped in at), {@code error} why it failed.
 * Registered for reflection: the POST returns it inside a {@code Response}, which the native build cannot see.
 */
@RegisterForReflection
public record RebuildResponse(UUID id, UUID ledgerId, String status, OffsetDateTime startedAt,
        OffsetDateTime finishedAt, long eventsApplied, long targetSequence, long lastSequence, String error) {

    static RebuildResponse of(Rebuild rebuild) {
        return new RebuildResponse(rebuild.id(), rebuild.ledgerId(), rebuild.status().value(), rebuild.startedAt(),
                rebuild.finishedAt(), rebuild.eventsApplied(), rebuild.targetSequence(), rebuild.lastSequence(),
                rebuild.error());
    }
}
