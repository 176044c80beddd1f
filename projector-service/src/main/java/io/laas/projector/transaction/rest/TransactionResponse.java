package io.laas.projector.transaction.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.projector.common.Amounts;
import io.laas.projector.transaction.Transaction;

/**
 * A transaction: {@code status} posted, pending or voided; a committed pending transaction is posted with
 * {@code committed_at}; a voided one has {@code voided_at} and {@code void_reason} (voided or expired). A
 * reversal names {@code reversal_of}; the original lists its reversals in {@code reversed_by}, oldest first.
 */
public record TransactionResponse(UUID id, UUID ledgerId, long sequence, String externalId, String idempotencyKey,
        String status, String currency, OffsetDateTime occurredAt, OffsetDateTime recordedAt,
        OffsetDateTime expiresAt, OffsetDateTime committedAt, OffsetDateTime voidedAt, String voidReason,
        UUID reversalOf, List<UUID> reversedBy, UUID scheduleId, JsonNode metadata, List<PostingResponse> postings) {

    /**
     * A posting in its own currency, amounts with the decimal places it was posted with (its currency's).
     * {@code amount} is what it posts: once committed the part posted, while pending (or once voided) the
     * amount held. {@code pendingAmount} is the amount held and {@code released} the part of it released
     * unposted once the hold ended ({@code null} for transactions never pending, and {@code released} while
     * pending). {@code reversedAmount} sums its reversals; a reversal's posting names the posting it mirrors
     * ({@code originalPosting}, an index into the original's postings).
     */
    public record PostingResponse(String accountCode, String direction, String amount, String currency,
            String pendingAmount, String released, String reversedAmount, Integer originalPosting) {
    }

    public static TransactionResponse of(Transaction tx, JsonNode metadata) {
        return new TransactionResponse(tx.id(), tx.ledgerId(), tx.sequence(), tx.externalId(), tx.idempotencyKey(),
                tx.status(), tx.currency(), tx.occurredAt(), tx.recordedAt(), tx.expiresAt(), tx.committedAt(),
                tx.voidedAt(), tx.voidReason(), tx.reversalOf(), tx.reversedBy(), tx.scheduleId(), metadata,
                tx.postings().stream()
                        .map(p -> new PostingResponse(p.accountCode(), p.direction(),
                                Amounts.format(p.amount(), p.currency(), p.amount()), p.currency(),
                                p.pendingAmount() == null ? null : Amounts.format(p.pendingAmount(), p.currency(), p.amount()),
                                p.released() == null ? null : Amounts.format(p.released(), p.currency(), p.amount()),
                                Amounts.format(p.reversedAmount(), p.currency(), p.amount()), p.originalPosition()))
                        .toList());
    }
}
