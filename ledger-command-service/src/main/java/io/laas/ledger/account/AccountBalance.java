package io.laas.ledger.account;

import java.math.BigDecimal;

/** An account with its running debit and credit totals, as read under its row lock. */
public record AccountBalance(Account account, BigDecimal debits, BigDecimal credits) {
}
