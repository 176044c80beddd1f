package io.laas.ledger.transaction;

import java.math.BigDecimal;

/**
 * A condition on an account's balance once the transaction is applied: at least {@code gte}, at most
 * {@code lte}, exactly {@code eq} (each {@code null} when not asked), on its posted or its available
 * balance.
 */
public record BalanceAssertion(Kind balance, BigDecimal gte, BigDecimal lte, BigDecimal eq) {

    public enum Kind {
        POSTED, AVAILABLE;

        public String wire() {
            return name().toLowerCase();
        }
    }

    public boolean holdsFor(BigDecimal value) {
        return (gte == null || value.compareTo(gte) >= 0) && (lte == null || value.compareTo(lte) <= 0)
                && (eq == null || value.compareTo(eq) == 0);
    }
}
