package io.laas.projector.transaction;

import java.util.List;
import java.util.UUID;

import io.laas.projector.transaction.Transaction.Posting;

/** What a commit, a void or a reversal needs of the transaction it names: its status and postings. */
public record TransactionState(UUID id, UUID ledgerId, String status, List<Posting> postings) {
}
