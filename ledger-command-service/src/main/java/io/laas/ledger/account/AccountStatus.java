package io.laas.ledger.account;

/** Whether an account takes postings: open does, frozen refuses them until reopened, closed for good. */
public enum AccountStatus {
    OPEN, FROZEN, CLOSED;

    public String wire() {
        return name().toLowerCase();
    }

    /** The status for its wire value ({@code open}, ...), or {@code null}. */
    public static AccountStatus fromWire(String value) {
        for (AccountStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        return null;
    }
}
