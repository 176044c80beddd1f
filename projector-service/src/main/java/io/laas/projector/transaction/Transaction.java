package io.laas.projector.transaction;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A transaction as projected; {@code metadataJson} is the metadata object as JSON text. {@code status} is
 * {@code posted}, {@code pending} (its amounts held) or {@code voided}; a committed pending transaction is
 * {@code posted} with {@code committedAt}. {@code reversedBy} lists the reversals of it, oldest first.
 */
public record Transaction(UUID id, UUID ledgerId, long sequence, String externalId, String idempotencyKey,
        String status, String currency, OffsetDateTime occurredAt, OffsetDateTime recordedAt,
        OffsetDateTime expiresAt, OffsetDateTime committedAt, OffsetDateTime voidedAt, String voidReason,
        UUID reversalOf, List<UUID> reversedBy, UUID scheduleId, String metadataJson, List<Posting> postings) {

    public static final String POSTED = "posted";
    public static final String PENDING = "pending";
    public static final String VOIDED = "voided";

    /**
     * One posting. {@code amount} is what it posts: for a pending transaction the amount held, once committed
     * the part posted (maybe zero), for a voided one the amount that was held. {@code pendingAmount} is the
     * amount held (only for transactions that were pending) and {@code released} the part of it released
     * without being posted, once the hold ended. {@code reversedAmount} sums the reversals of this posting;
     * {@code originalPosition} is, in a reversal, the position of the original posting it mirrors.
     */
    public record Posting(int position, UUID accountId, String accountCode, String direction, BigDecimal amount,
            String currency, BigDecimal pendingAmount, BigDecimal released, BigDecimal reversedAmount,
            Integer originalPosition) {

        public Posting committed(BigDecimal posted) {
            return new Posting(position, accountId, accountCode, direction, posted, currency, pendingAmount,
                    pendingAmount.subtract(posted), reversedAmount, originalPosition);
        }

        public Posting voided() {
            return new Posting(position, accountId, accountCode, direction, amount, currency, pendingAmount,
                    pendingAmount, reversedAmount, originalPosition);
        }

        public Posting reversed(BigDecimal reversed) {
            return new Posting(position, accountId, accountCode, direction, amount, currency, pendingAmount,
                    released, reversed, originalPosition);
        }
    }

    public Transaction withPostingsAndReversals(List<Posting> postings, List<UUID> reversedBy) {
        return new Transaction(id, ledgerId, sequence, externalId, idempotencyKey, status, currency, occurredAt,
                recordedAt, expiresAt, committedAt, voidedAt, voidReason, reversalOf, reversedBy, scheduleId,
                metadataJson, postings);
    }
}
