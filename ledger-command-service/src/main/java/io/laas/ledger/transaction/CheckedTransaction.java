package io.laas.ledger.transaction;

import java.util.List;

import io.laas.ledger.transaction.TransactionCommand.PostingLine;

/**
 * A transaction that passed every rule that needs no lock (currency, amounts, balance), with its
 * amounts at the currency's scale. The rules that depend on the ledger's current state (accounts,
 * idempotency, later balance limits) are judged inside the batch that commits it.
 */
public record CheckedTransaction(TransactionCommand command, int scale, List<PostingLine> postings) {
}
