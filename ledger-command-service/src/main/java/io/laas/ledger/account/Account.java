package io.laas.ledger.account;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.laas.ledger.transaction.Direction;
import io.vertx.core.json.JsonObject;

/**
 * An account of the write model. Its balance is read in its normal direction (debits − credits for a
 * debit-normal account, credits − debits for a credit-normal one); {@code parentId} is {@code null} for
 * a top-level account; {@code parentCode} and {@code metadata} are {@code null} when they were not read
 * (postings never need them).
 */
public record Account(UUID id, UUID ledgerId, String code, String name, AccountType type, Direction normalBalance,
        String currency, UUID parentId, String parentCode, AccountStatus status, BalanceLimits limits, JsonObject metadata,
        OffsetDateTime createdAt) {

    public Account withState(String newName, AccountStatus newStatus, BalanceLimits newLimits, JsonObject newMetadata) {
        return new Account(id, ledgerId, code, newName, type, normalBalance, currency, parentId, parentCode, newStatus, newLimits,
                newMetadata, createdAt);
    }
}
