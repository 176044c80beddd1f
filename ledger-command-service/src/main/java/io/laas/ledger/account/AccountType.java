package io.laas.ledger.account;

public enum AccountType {
    ASSET, LIABILITY, EQUITY, REVENUE, EXPENSE;

    public String wire() {
        return name().toLowerCase();
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
