package io.laas.ledger.transaction.rest;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The optional body of {@code …/transactions/{id}/post}, {@code /void} and {@code /reversal}:
 * {@code postings} gives one amount per posting of the transaction, in its order (absent: all of each);
 * {@code metadata} is the reversal's own.
 */
public record LifecycleRequest(String idempotencyKey, List<AmountRequest> postings, JsonNode metadata) {

    public record AmountRequest(JsonNode amount) {
    }
}
