package io.laas.ledger.account;

import java.math.BigDecimal;

import io.laas.ledger.transaction.Direction;

/**
 * An account with its running totals as read under its row lock: posted debits and credits, the
 * amounts pending transactions hold on each side, and its version (postings so far).
 */
public record AccountBalance(Account account, BigDecimal debits, BigDecimal credits, BigDecimal pendingDebits,
        BigDecimal pendingCredits, long version) {

    /** The posted balance in the account's normal direction. */
    public BigDecimal balance() {
        return inNormalDirection(account.normalBalance(), debits, credits);
    }

    /**
     * What the account can still give: the posted balance minus the pending amounts that would lower it.
     * Pending amounts that would raise it never count.
     */
    public BigDecimal available() {
        return balance().subtract(account.normalBalance() == Direction.DEBIT ? pendingCredits : pendingDebits);
    }

    public static BigDecimal inNormalDirection(Direction normal, BigDecimal debits, BigDecimal credits) {
        return normal == Direction.DEBIT ? debits.subtract(credits) : credits.subtract(debits);
    }
}
