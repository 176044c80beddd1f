package io.laas.ledger.transaction.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.AcceptedTransaction.ResolvedPosting;
import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.PendingResolution;
import io.laas.ledger.transaction.RecordedPosting;
import io.laas.ledger.transaction.TransactionCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The event of each accepted item, with everything a read model needs to rebuild it:
 * {@code transaction.posted}, {@code .pending} or {@code .reversed} for a new transaction,
 * {@code transaction.committed} or {@code .voided} for a resolved pending one.
 */
final class TransactionEvents {

    private TransactionEvents() {
    }

    static LedgerEvent of(AcceptedTransaction accepted, UUID ledgerId, OffsetDateTime recordedAt) {
        if (accepted instanceof AcceptedTransaction.Posted posted) {
            return posted(posted, ledgerId, recordedAt);
        }
        return resolved((AcceptedTransaction.Resolved) accepted, ledgerId, recordedAt);
    }

    private static LedgerEvent posted(AcceptedTransaction.Posted tx, UUID ledgerId, OffsetDateTime recordedAt) {
        TransactionCommand command = tx.command();
        CheckedTransaction.Reversal reversal = tx.checked().reversal();
        JsonArray postings = new JsonArray();
        for (int i = 0; i < tx.postings().size(); i++) {
            JsonObject posting = posting(tx.postings().get(i));
            if (reversal != null) {
                posting.put("original_posting", reversal.originalPostings().get(i));
            }
            postings.add(posting);
        }
        String type = reversal != null ? LedgerEvent.TRANSACTION_REVERSED
                : command.pending() ? LedgerEvent.TRANSACTION_PENDING : LedgerEvent.TRANSACTION_POSTED;
        JsonObject data = new JsonObject()
                .put("transaction_id", tx.transactionId().toString())
                .put("external_id", command.externalId())
                .put("idempotency_key", command.idempotencyKey())
                .put("status", command.pending() ? "pending" : "posted")
                .put("currency", tx.checked().currency())
                .put("occurred_at", occurredAt(command, recordedAt))
                .put("metadata", command.metadata() != null ? command.metadata() : new JsonObject());
        if (command.pending()) {
            data.put("expires_at", command.expiresAt() == null ? null : command.expiresAt().toString());
        }
        if (reversal != null) {
            data.put("reversal_of", reversal.transactionId().toString());
        }
        if (command.scheduleId() != null) {
            data.put("schedule_id", command.scheduleId().toString());
        }
        data.put("postings", postings);
        return new LedgerEvent(UUID.randomUUID(), ledgerId, tx.sequence(), type, recordedAt, data);
    }

    private static LedgerEvent resolved(AcceptedTransaction.Resolved tx, UUID ledgerId, OffsetDateTime recordedAt) {
        PendingResolution resolution = tx.resolution();
        boolean commit = resolution.kind() == PendingResolution.Kind.COMMIT;
        JsonArray released = new JsonArray();
        List<RecordedPosting> held = resolution.held();
        for (int i = 0; i < held.size(); i++) {
            RecordedPosting posting = held.get(i);
            var rest = posting.amount().subtract(resolution.amounts().get(i));
            if (rest.signum() > 0) {
                released.add(new JsonObject()
                        .put("account_id", posting.accountId().toString())
                        .put("account_code", posting.accountCode())
                        .put("direction", posting.direction().wire())
                        .put("currency", posting.currency())
                        .put("amount", rest.toPlainString()));
            }
        }
        JsonObject data = new JsonObject().put("transaction_id", resolution.transactionId().toString());
        if (commit) {
            JsonArray postings = new JsonArray();
            tx.postings().forEach(posting -> postings.add(posting(posting)));
            data.put("occurred_at", LedgerEvent.timestamp(recordedAt))
                    .put("postings", postings)
                    .put("released", released)
                    .put("partial", !released.isEmpty());
            return new LedgerEvent(UUID.randomUUID(), ledgerId, tx.sequence(), LedgerEvent.TRANSACTION_COMMITTED,
                    recordedAt, data);
        }
        data.put("reason", resolution.kind() == PendingResolution.Kind.EXPIRE ? "expired" : "voided")
                .put("released", released)
                .put("voided_at", LedgerEvent.timestamp(recordedAt));
        return new LedgerEvent(UUID.randomUUID(), ledgerId, tx.sequence(), LedgerEvent.TRANSACTION_VOIDED, recordedAt,
                data);
    }

    private static JsonObject posting(ResolvedPosting posting) {
        return new JsonObject()
                .put("account_id", posting.account().id().toString())
                .put("account_code", posting.account().code())
                .put("account_type", posting.account().type().wire())
                .put("direction", posting.direction().wire())
                .put("currency", posting.account().currency())
                .put("amount", posting.amount().toPlainString())
                .put("account_version", posting.accountVersion());
    }

    private static String occurredAt(TransactionCommand command, OffsetDateTime recordedAt) {
        return command.occurredAt() != null ? command.occurredAt().toString() : LedgerEvent.timestamp(recordedAt);
    }
}
