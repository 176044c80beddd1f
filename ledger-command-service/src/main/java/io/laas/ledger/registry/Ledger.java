package io.laas.ledger.registry;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.laas.ledger.transaction.Money;

/** This service's copy of a ledger of the IAM registry, with the ledger's last event sequence. */
public record Ledger(UUID id, UUID orgId, UUID projectId, String code, String name, String currency,
        long lastSequence, OffsetDateTime createdAt) {

    /** Digits after the decimal point that amounts of this ledger may carry. */
    public int scale() {
        return Money.scaleOf(currency);
    }
}
