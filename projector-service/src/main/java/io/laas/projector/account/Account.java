package io.laas.projector.account;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The read model of an account: running debit and credit totals, as of {@code lastSequence}; {@code scale} is
 * the decimal places of its currency in its ledger ({@code null} for accounts projected from older events).
 */
public record Account(UUID id, UUID ledgerId, String code, String name, String type, String currency,
        Integer scale, BigDecimal debits, BigDecimal credits, long lastSequence, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /**
     * The balance in the account's normal direction: assets and expenses grow with debits; liabilities,
     * equity and revenue grow with credits.
     */
    public BigDecimal balance() {
        return switch (type) {
            case "liability", "equity", "revenue" -> credits.subtract(debits);
            default -> debits.subtract(credits);
        };
    }
}
