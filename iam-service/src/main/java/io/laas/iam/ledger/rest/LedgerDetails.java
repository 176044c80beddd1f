package io.laas.iam.ledger.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.laas.iam.ledger.Ledger;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A ledger as its organisation's administrators see it. */
@RegisterForReflection
public record LedgerDetails(UUID id, UUID projectId, String code, String name, String currency,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime archivedAt) {

    static LedgerDetails of(Ledger ledger) {
        return new LedgerDetails(ledger.id(), ledger.projectId(), ledger.code(), ledger.name(), ledger.currency(),
                ledger.createdAt(), ledger.updatedAt(), ledger.archivedAt());
    }
}
