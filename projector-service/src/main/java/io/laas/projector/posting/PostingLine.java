package io.laas.projector.posting;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One posting as the posting lists show it: where it is (its transaction, its position there, the ledger
 * sequence of the transaction), what it posts, and its transaction's status and times. {@code amount} is what
 * the transaction's read model says the posting posts: the amount held while pending and once voided, the part
 * posted once committed.
 */
public record PostingLine(UUID transactionId, int position, long sequence, String accountCode, String direction,
        BigDecimal amount, String currency, String transactionStatus, OffsetDateTime occurredAt,
        OffsetDateTime recordedAt) {
}
