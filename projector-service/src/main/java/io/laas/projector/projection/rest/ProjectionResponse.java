package io.laas.projector.projection.rest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.laas.projector.projection.ProjectionLag;

/** {@code GET /v1/ledgers/{ledger_id}/projection}: how far the ledger's read model is (docs/api.md). */
public record ProjectionResponse(UUID ledgerId, long projectedSequence, long lastSeenSequence, long eventsBehind,
        BigDecimal secondsBehind, OffsetDateTime lastAppliedAt, String status, long parkedEvents, long failedEvents) {

    static ProjectionResponse of(ProjectionLag lag) {
        return new ProjectionResponse(lag.ledgerId(), lag.projectedSequence(), lag.lastSeenSequence(),
                lag.eventsBehind(), BigDecimal.valueOf(lag.secondsBehind()).setScale(3, RoundingMode.HALF_UP),
                lag.lastAppliedAt() == null ? null : lag.lastAppliedAt().withOffsetSameInstant(ZoneOffset.UTC),
                lag.status(), lag.parkedEvents(), lag.failedEvents());
    }
}
