package io.laas.ledger.transaction;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.laas.ledger.transaction.TransactionCommand.PostingLine;

/**
 * A transaction that passed every rule that needs no lock (known currencies, amounts, balance per
 * currency): {@code currency} is the transaction's (given or the ledger's), and every posting names its
 * currency, with its amount at that currency's scale. The rules that depend on the ledger's current
 * state (accounts, statuses, versions, limits, idempotency) are judged inside the batch that commits it.
 *
 * @param reversal what it reverses when it is a reversal, else {@code null}
 */
public record CheckedTransaction(TransactionCommand command, String currency, List<PostingLine> postings,
        Reversal reversal) implements BatchItem {

    public CheckedTransaction(TransactionCommand command, String currency, List<PostingLine> postings) {
        this(command, currency, postings, null);
    }

    /**
     * A reversal of transaction {@code transactionId}: posting {@code i} takes back part of the original's
     * posting {@code originalPostings[i]}; {@code recordedAmounts} are the original's posting amounts as its
     * event recorded them.
     */
    public record Reversal(UUID transactionId, List<Integer> originalPostings, List<BigDecimal> recordedAmounts) {
    }

    @Override
    public UUID ledgerId() {
        return command.ledgerId();
    }

    @Override
    public String idempotencyKey() {
        return command.idempotencyKey();
    }

    @Override
    public String requestHash() {
        return command.requestHash();
    }

    @Override
    public List<String> accountCodes() {
        return command.accountCodes();
    }

    @Override
    public UUID target() {
        return reversal == null ? null : reversal.transactionId();
    }
}
