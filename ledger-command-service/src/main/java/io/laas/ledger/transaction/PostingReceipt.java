package io.laas.ledger.transaction;

import java.util.UUID;

/** What the ledger answers for a posted transaction, first time and on every idempotent replay. */
public record PostingReceipt(UUID transactionId, long ledgerSequence) {
}
