package io.laas.ledger.transaction.rest;

import java.util.UUID;

/** The body of 201 Created (and of every idempotent replay) for a posted transaction. */
public record PostedTransactionResponse(UUID transactionId, String status, long ledgerSequence) {
}
