package io.laas.ledger.account;

import java.math.BigDecimal;
import java.util.Optional;

import io.vertx.core.json.JsonObject;

/**
 * What a {@code PATCH} changes of an account; each {@code null} field is left as it is. A limit is
 * {@code null} to keep it, an empty optional to remove it, or the new bound.
 */
public record AccountChanges(String name, AccountStatus status, Optional<BigDecimal> minBalance,
        Optional<BigDecimal> maxBalance, JsonObject metadata) {

    public boolean isEmpty() {
        return name == null && status == null && minBalance == null && maxBalance == null && metadata == null;
    }
}
