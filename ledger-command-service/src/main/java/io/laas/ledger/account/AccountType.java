package io.laas.ledger.account;

import io.laas.ledger.transaction.Direction;

public enum AccountType {
    ASSET, LIABILITY, EQUITY, REVENUE, EXPENSE;

    public String wire() {
        return name().toLowerCase();
    }

    /** Asset and expense balances grow with debits; liability, equity and revenue balances with credits. */
    public Direction normalBalance() {
        return this == ASSET || this == EXPENSE ? Direction.DEBIT : Direction.CREDIT;
    }

    /** The type for its wire value ({@code asset}, ...), or {@code null}. */
    public static AccountType fromWire(String value) {
        for (AccountType type : values()) {
            if (type.wire().equals(value)) {
                return type;
            }
        }
        return null;
    }
}
