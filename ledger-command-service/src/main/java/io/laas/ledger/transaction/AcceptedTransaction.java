package io.laas.ledger.transaction;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.laas.ledger.account.Account;

/** A transaction accepted inside its batch: it has its id, its sequence number and its accounts. */
public record AcceptedTransaction(UUID transactionId, long sequence, CheckedTransaction checked,
        List<ResolvedPosting> postings) {

    public TransactionCommand command() {
        return checked.command();
    }

    public PostingReceipt receipt() {
        return new PostingReceipt(transactionId, sequence);
    }

    /** A posting with its account resolved and its amount at the currency's scale. */
    public record ResolvedPosting(Account account, Direction direction, BigDecimal amount) {
    }
}
