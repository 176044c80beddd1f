package io.laas.ledger.transaction.rest;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/ledgers/{ledger_id}/transactions}, kept loose (amounts, versions and
 * metadata as JSON nodes) so that every structural problem can be reported at once, field by field.
 */
public record PostTransactionRequest(String idempotencyKey, String externalId, String currency, String occurredAt,
        String status, String expiresAt, List<PostingRequest> postings, JsonNode metadata) {

    public record PostingRequest(String accountCode, String direction, JsonNode amount, String currency,
            JsonNode lockVersion, BalanceAssertionRequest balanceAssertion) {
    }

    /** {@code balance} is {@code posted} (the default) or {@code available}; each bound a decimal string. */
    public record BalanceAssertionRequest(String balance, JsonNode gte, JsonNode lte, JsonNode eq) {
    }
}
