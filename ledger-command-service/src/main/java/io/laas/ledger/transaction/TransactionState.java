package io.laas.ledger.transaction;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A transaction of the write model as read under its row lock: its status and, per posting, the amount
 * that stands posted (the held amount while pending) and the amount reversals took back.
 */
public record TransactionState(UUID id, long sequence, Status status, OffsetDateTime expiresAt,
        List<BigDecimal> postedAmounts, List<BigDecimal> reversedAmounts) {

    public enum Status {
        POSTED, PENDING, VOIDED;

        public String wire() {
            return name().toLowerCase();
        }

        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase());
        }
    }
}
