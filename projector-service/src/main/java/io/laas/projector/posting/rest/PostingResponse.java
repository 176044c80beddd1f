package io.laas.projector.posting.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.laas.projector.common.Amounts;
import io.laas.projector.posting.PostingLine;

/**
 * A posting of the posting lists: its transaction ({@code transactionId}, {@code sequence}), its
 * {@code position} there (from 0), what it posts, at its currency's scale, and its transaction's status and
 * times.
 */
public record PostingResponse(UUID transactionId, int position, long sequence, String accountCode, String direction,
        String amount, String currency, String transactionStatus, OffsetDateTime occurredAt,
        OffsetDateTime recordedAt) {

    public static PostingResponse of(PostingLine line) {
        return new PostingResponse(line.transactionId(), line.position(), line.sequence(), line.accountCode(),
                line.direction(), Amounts.format(line.amount(), line.currency(), line.amount()), line.currency(),
                line.transactionStatus(), line.occurredAt(), line.recordedAt());
    }
}
