package io.laas.ledger.transaction;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.laas.ledger.account.Account;

/**
 * An item accepted inside its batch, with the sequence number of the event it becomes: a transaction
 * posted, held or reversing another (with its postings resolved to accounts), or the commit or void of
 * a pending one.
 */
public sealed interface AcceptedTransaction {

    long sequence();

    BatchItem item();

    /** The transaction the receipt names: the new transaction, or the pending one that was resolved. */
    UUID transactionId();

    default PostingReceipt receipt() {
        return new PostingReceipt(transactionId(), sequence());
    }

    /** A posting with its account resolved, its amount at the currency's scale and the account's version after it. */
    record ResolvedPosting(Account account, Direction direction, BigDecimal amount, long accountVersion) {
    }

    record Posted(UUID transactionId, long sequence, CheckedTransaction checked, List<ResolvedPosting> postings)
            implements AcceptedTransaction {

        @Override
        public BatchItem item() {
            return checked;
        }

        public TransactionCommand command() {
            return checked.command();
        }
    }

    /** {@code postings} are what was posted of each held posting; {@code held} what was held. */
    record Resolved(long sequence, PendingResolution resolution, List<ResolvedPosting> postings)
            implements AcceptedTransaction {

        @Override
        public BatchItem item() {
            return resolution;
        }

        @Override
        public UUID transactionId() {
            return resolution.transactionId();
        }
    }
}
