package io.laas.ledger.transaction.rest;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer (first time and on every idempotent replay) to a posted, pending, committed, voided or
 * reversing transaction; {@code reversal_of} only on a reversal.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostedTransactionResponse(UUID transactionId, String status, long ledgerSequence, UUID reversalOf) {
}
