package io.laas.projector.transaction;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a list of transactions keeps; each part {@code null} (or, for metadata, empty) for no filter. Time
 * ranges include their start and exclude their end.
 *
 * @param occurredFrom effective time ({@code occurred_at}) at or after it
 * @param occurredTo effective time before it
 * @param recordedFrom recorded time ({@code recorded_at}) at or after it
 * @param recordedTo recorded time before it
 * @param account the code of an account the transaction has a posting on
 * @param externalId the transaction's external id
 * @param status its status, or {@link Status#REVERSED}
 * @param currency the transaction's currency
 * @param metadata top-level keys and the value each must have (see {@code MetadataMatch})
 */
public record TransactionFilter(Instant occurredFrom, Instant occurredTo, Instant recordedFrom, Instant recordedTo,
        String account, String externalId, Status status, String currency, SortedMap<String, String> metadata) {

    public TransactionFilter {
        metadata = metadata == null ? new TreeMap<>() : new TreeMap<>(Map.copyOf(metadata));
    }

    /** A status filter: one of the statuses, or {@code reversed}, a transaction with at least one reversal. */
    public enum Status {
        POSTED(Transaction.POSTED), PENDING(Transaction.PENDING), VOIDED(Transaction.VOIDED), REVERSED("reversed");

        private final String value;

        Status(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        /** The filter with this name, or {@code null}. */
        public static Status of(String value) {
            for (Status status : values()) {
                if (status.value.equals(value)) {
                    return status;
                }
            }
            return null;
        }
    }

    /**
     * The order of the list, newest first: by the time filtered on, so that a range and its order are one index
     * range ({@code occurred_at} when an occurred bound is given, else {@code recorded_at} when a recorded bound
     * is), then by sequence; by sequence alone without a time filter.
     */
    public enum Order {
        SEQUENCE, OCCURRED, RECORDED
    }

    public Order order() {
        if (occurredFrom != null || occurredTo != null) {
            return Order.OCCURRED;
        }
        if (recordedFrom != null || recordedTo != null) {
            return Order.RECORDED;
        }
        return Order.SEQUENCE;
    }
}
