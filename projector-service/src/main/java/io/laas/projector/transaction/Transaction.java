package io.laas.projector.transaction;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A posted transaction as projected; {@code metadataJson} is the metadata object as JSON text. */
public record Transaction(UUID id, UUID ledgerId, long sequence, String externalId, String idempotencyKey,
        String currency, OffsetDateTime occurredAt, OffsetDateTime recordedAt, String metadataJson,
        List<Posting> postings) {

    public record Posting(int position, UUID accountId, String accountCode, String direction, BigDecimal amount,
            String currency) {
    }

    public Transaction withPostings(List<Posting> postings) {
        return new Transaction(id, ledgerId, sequence, externalId, idempotencyKey, currency, occurredAt, recordedAt,
                metadataJson, postings);
    }
}
