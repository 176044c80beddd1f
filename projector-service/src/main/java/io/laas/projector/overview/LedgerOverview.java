package io.laas.projector.overview;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A ledger at a glance, from its read model: how many accounts it has and what it posted over the last 24
 * hours and the last 30 days before {@code asOf}.
 */
public record LedgerOverview(UUID ledgerId, OffsetDateTime asOf, long accounts, Activity lastDay, Activity lastMonth) {

    /** What the ledger posted from {@code from} to {@code asOf}: its posted transactions and their debits by currency. */
    public record Activity(OffsetDateTime from, long transactions, List<Volume> volume) {
    }

    /** The sum of the debit postings in one currency (which equals that of the credits: transactions balance). */
    public record Volume(String currency, BigDecimal amount) {
    }
}
