package io.laas.projector.balance;

import java.math.BigDecimal;

import io.laas.projector.account.Account;

/** An account's posted debits and credits and the amounts held on each side, at some point of its history. */
public record Totals(BigDecimal debits, BigDecimal credits, BigDecimal pendingDebits, BigDecimal pendingCredits) {

    public static final Totals ZERO = new Totals(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    /** Totals from nullable columns: a missing one (no entry) is zero. */
    public static Totals of(BigDecimal debits, BigDecimal credits, BigDecimal pendingDebits,
            BigDecimal pendingCredits) {
        return new Totals(orZero(debits), orZero(credits), orZero(pendingDebits), orZero(pendingCredits));
    }

    /** The posted balance in the {@code normalBalance} direction. */
    public BigDecimal balance(String normalBalance) {
        return balance(normalBalance, debits, credits);
    }

    /** An amount posted on {@code direction} as it moves a balance of {@code normalBalance}. */
    public static BigDecimal signed(String normalBalance, String direction, BigDecimal amount) {
        return normalBalance.equals(direction) ? amount : amount.negate();
    }

    public static BigDecimal balance(String normalBalance, BigDecimal debits, BigDecimal credits) {
        return Account.DEBIT.equals(normalBalance) ? debits.subtract(credits) : credits.subtract(debits);
    }

    /** The account with these totals in place of its current ones (everything else as it is now). */
    public Account applyTo(Account account) {
        return new Account(account.id(), account.ledgerId(), account.code(), account.name(), account.type(),
                account.normalBalance(), account.currency(), account.scale(), account.parentId(),
                account.parentCode(), account.status(), account.minBalance(), account.maxBalance(),
                account.metadataJson(), account.version(), debits, credits, pendingDebits, pendingCredits,
                account.lastSequence(), account.createdAt(), account.updatedAt());
    }

    private static BigDecimal orZero(BigDecimal amount) {
        return amount == null ? BigDecimal.ZERO : amount;
    }
}
