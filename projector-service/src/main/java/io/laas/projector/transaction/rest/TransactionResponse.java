package io.laas.projector.transaction.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.projector.common.Amounts;
import io.laas.projector.transaction.Transaction;

public record TransactionResponse(UUID id, UUID ledgerId, long sequence, String externalId, String idempotencyKey,
        String currency, OffsetDateTime occurredAt, OffsetDateTime recordedAt, JsonNode metadata,
        List<PostingResponse> postings) {

    /** A posting in its own currency; the amount has the decimal places it was posted with (its currency's). */
    public record PostingResponse(String accountCode, String direction, String amount, String currency) {
    }

    public static TransactionResponse of(Transaction tx, JsonNode metadata) {
        return new TransactionResponse(tx.id(), tx.ledgerId(), tx.sequence(), tx.externalId(), tx.idempotencyKey(),
                tx.currency(), tx.occurredAt(), tx.recordedAt(), metadata,
                tx.postings().stream()
                        .map(p -> new PostingResponse(p.accountCode(), p.direction(),
                                Amounts.format(p.amount(), p.currency()), p.currency()))
                        .toList());
    }
}
