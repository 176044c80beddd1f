package io.laas.ledger.transaction.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One result per transaction of a bulk request, in its order. */
public record BulkResponse(boolean atomic, List<Item> results) {

    /** {@code status} is what a single post would have answered: 201, or the problem's status with {@code problem}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, int status, UUID transactionId, Long ledgerSequence, Boolean replayed,
            Map<String, Object> problem) {
    }
}
