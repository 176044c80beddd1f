package io.laas.ledger.transaction.rest;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/ledgers/{ledger_id}/transactions}, kept loose (amount and metadata as
 * JSON nodes) so that every structural problem can be reported at once, field by field.
 */
public record PostTransactionRequest(String idempotencyKey, String externalId, String currency, String occurredAt,
        List<PostingRequest> postings, JsonNode metadata) {

    public record PostingRequest(String accountCode, String direction, JsonNode amount, String currency) {
    }
}
