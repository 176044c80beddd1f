package io.laas.ledger.transaction;

/** The answer to one posting request: its receipt, and whether it was replayed from the idempotency record. */
public record PostingOutcome(PostingReceipt receipt, boolean replayed) {
}
