package io.laas.ledger.transaction;

public enum Direction {
    DEBIT, CREDIT;

    public String wire() {
        return name().toLowerCase();
    }

    public Direction opposite() {
        return this == DEBIT ? CREDIT : DEBIT;
    }

    /** The direction for its wire value ({@code debit}/{@code credit}), or {@code null}. */
    public static Direction fromWire(String value) {
        return "debit".equals(value) ? DEBIT : "credit".equals(value) ? CREDIT : null;
    }
}
