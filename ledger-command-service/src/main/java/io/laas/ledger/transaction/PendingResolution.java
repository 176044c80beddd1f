package io.laas.ledger.transaction;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * The commit (all or part) or the void of a pending transaction. {@code held} are the pending
 * transaction's postings as its event recorded them (which never change); {@code amounts} are what to
 * post of each, at its currency's scale (all zero for a void).
 */
public record PendingResolution(UUID ledgerId, String idempotencyKey, String requestHash, UUID transactionId,
        Kind kind, List<RecordedPosting> held, List<BigDecimal> amounts) implements BatchItem {

    public enum Kind {
        /** Posts {@code amounts} and releases the rest. */
        COMMIT,
        /** Releases everything, at a client's request. */
        VOID,
        /** Releases everything because {@code expires_at} has passed. */
        EXPIRE
    }

    @Override
    public List<String> accountCodes() {
        return held.stream().map(RecordedPosting::accountCode).distinct().sorted().toList();
    }

    @Override
    public UUID target() {
        return transactionId;
    }
}
