package io.laas.ledger.transaction;

import java.util.List;

import io.laas.ledger.transaction.TransactionCommand.PostingLine;

/**
 * A transaction that passed every rule that needs no lock (known currencies, amounts, balance per
 * currency): {@code currency} is the transaction's (given or the ledger's), and every posting names its
 * currency, with its amount at that currency's scale. The rules that depend on the ledger's current
 * state (accounts and their currencies, idempotency, later balance limits) are judged inside the batch
 * that commits it.
 */
public record CheckedTransaction(TransactionCommand command, String currency, List<PostingLine> postings) {
}
