package io.laas.projector.transaction;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.laas.projector.transaction.Transaction.Posting;

/**
 * The new state of a projected transaction after a batch's commits, voids and reversals: its status (with
 * {@code committedAt}, or {@code voidedAt} and {@code voidReason}) when {@code statusChanged}, and the
 * postings whose amount, released or reversed amount changed.
 */
public record TransactionChange(UUID id, boolean statusChanged, String status, OffsetDateTime committedAt,
        OffsetDateTime voidedAt, String voidReason, List<Posting> postings) {
}
