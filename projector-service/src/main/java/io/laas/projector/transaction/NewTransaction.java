package io.laas.projector.transaction;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.transaction.Transaction.Posting;

/**
 * A {@code transaction.posted}, {@code transaction.pending} or {@code transaction.reversed} event ready to be
 * projected: its postings resolved to read-model accounts.
 */
public record NewTransaction(UUID ledgerId, long sequence, OffsetDateTime recordedAt, TransactionPosted data,
        List<Posting> postings) {

    public String status() {
        return data.kind().status();
    }
}
