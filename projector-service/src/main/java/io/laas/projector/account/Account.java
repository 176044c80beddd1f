package io.laas.projector.account;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The read model of an account as of {@code lastSequence}: posted debit and credit totals and the amounts
 * pending transactions hold on it. {@code scale} is the decimal places of its currency in its ledger
 * ({@code null} for accounts projected from older events); {@code minBalance} and {@code maxBalance} bound
 * its balance ({@code null} = unbounded); {@code metadataJson} is its metadata object as JSON text.
 */
public record Account(UUID id, UUID ledgerId, String code, String name, String type, String normalBalance,
        String currency, Integer scale, UUID parentId, String parentCode, String status, BigDecimal minBalance,
        BigDecimal maxBalance, String metadataJson, long version, BigDecimal debits, BigDecimal credits,
        BigDecimal pendingDebits, BigDecimal pendingCredits, long lastSequence, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String DEBIT = "debit";

    /**
     * The posted balance in the account's normal direction: debits − credits for a debit-normal account,
     * credits − debits for a credit-normal one.
     */
    public BigDecimal balance() {
        return DEBIT.equals(normalBalance) ? debits.subtract(credits) : credits.subtract(debits);
    }

    /**
     * The posted balance less what pending transactions hold against it (credits held on a debit-normal
     * account, debits held on a credit-normal one). Held amounts that would raise the balance do not count
     * until they are posted.
     */
    public BigDecimal availableBalance() {
        return balance().subtract(DEBIT.equals(normalBalance) ? pendingCredits : pendingDebits);
    }
}
