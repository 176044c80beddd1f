package io.laas.iam.ledger;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A ledger of the registry. Its currency is an ISO 4217 code and never changes. */
public record Ledger(UUID id, UUID projectId, String code, String name, String currency, OffsetDateTime createdAt) {
}
