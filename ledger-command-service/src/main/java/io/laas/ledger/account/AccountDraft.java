package io.laas.ledger.account;

import io.laas.ledger.transaction.Direction;
import io.vertx.core.json.JsonObject;

/**
 * A structurally valid account to open. {@code normalBalance} is {@code null} for the type's own,
 * {@code currency} for the ledger's, {@code parentCode} for a top-level account.
 */
public record AccountDraft(String code, String name, AccountType type, Direction normalBalance, String currency,
        String parentCode, BalanceLimits limits, JsonObject metadata) {
}
