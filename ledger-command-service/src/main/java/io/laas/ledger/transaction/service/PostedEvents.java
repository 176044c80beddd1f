package io.laas.ledger.transaction.service;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.AcceptedTransaction.ResolvedPosting;
import io.laas.ledger.transaction.TransactionCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The {@code transaction.posted} event of an accepted transaction: everything a read model needs to rebuild it. */
final class PostedEvents {

    private PostedEvents() {
    }

    static LedgerEvent of(AcceptedTransaction tx, UUID ledgerId, OffsetDateTime recordedAt) {
        TransactionCommand command = tx.command();
        JsonArray postings = new JsonArray();
        for (ResolvedPosting posting : tx.postings()) {
            postings.add(new JsonObject()
                    .put("account_id", posting.account().id().toString())
                    .put("account_code", posting.account().code())
                    .put("account_type", posting.account().type().wire())
                    .put("direction", posting.direction().wire())
                    .put("currency", posting.account().currency())
                    .put("amount", posting.amount().toPlainString()));
        }
        JsonObject data = new JsonObject()
                .put("transaction_id", tx.transactionId().toString())
                .put("external_id", command.externalId())
                .put("idempotency_key", command.idempotencyKey())
                .put("currency", tx.checked().currency())
                .put("occurred_at", command.occurredAt() != null
                        ? command.occurredAt().toString()
                        : LedgerEvent.timestamp(recordedAt))
                .put("metadata", command.metadata() != null ? command.metadata() : new JsonObject())
                .put("postings", postings);
        return new LedgerEvent(UUID.randomUUID(), ledgerId, tx.sequence(), LedgerEvent.TRANSACTION_POSTED, recordedAt,
                data);
    }
}
