package io.laas.ledger.transaction;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.laas.ledger.account.Account;

/** A transaction that passed every rule and only waits for its sequence number and commit. */
public record AcceptedTransaction(UUID transactionId, TransactionCommand command, int scale,
        List<ResolvedPosting> postings) {

    /** A posting with its account resolved and its amount at the currency's scale. */
    public record ResolvedPosting(Account account, Direction direction, BigDecimal amount) {
    }
}
