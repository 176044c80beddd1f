package io.laas.projector.balance;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.laas.projector.account.Account;

/**
 * What one posting of one event did to its account (of the ledger {@code ledgerId}): the unit of statements,
 * balances as of a time and balance history. {@code effectiveAt} is when it counts (the transaction's
 * {@code occurred_at}; a commit's or a void's own time), {@code sequence} and {@code position} its place in
 * recording order (the event's sequence, the posting's index in it), {@code recordedAt} the event's recording
 * time. {@code amount} is what it posts on its {@code direction} (zero for a hold or a void, maybe zero for a
 * commit); {@code held} how it changes what is held on that side (the amount of a hold, minus the amount held
 * for the commit or void that ends it).
 */
public record AccountEntry(UUID ledgerId, UUID accountId, OffsetDateTime effectiveAt, long sequence, int position,
        OffsetDateTime recordedAt, UUID transactionId, String kind, String direction, BigDecimal amount,
        BigDecimal held) {

    /** {@code transaction.posted}: posted at once. */
    public static final String POSTED = "posted";
    /** {@code transaction.reversed}: a reversal's posting, posted at once. */
    public static final String REVERSED = "reversed";
    /** {@code transaction.pending}: held, nothing posted. */
    public static final String PENDING = "pending";
    /** {@code transaction.committed}: the hold ends, the part committed is posted. */
    public static final String COMMITTED = "committed";
    /** {@code transaction.voided}: the hold ends, nothing posted. */
    public static final String VOIDED = "voided";

    public static AccountEntry posted(UUID ledgerId, UUID accountId, OffsetDateTime effectiveAt, long sequence,
            int position, OffsetDateTime recordedAt, UUID transactionId, String kind, String direction,
            BigDecimal amount) {
        return new AccountEntry(ledgerId, accountId, effectiveAt, sequence, position, recordedAt, transactionId, kind,
                direction, amount, BigDecimal.ZERO);
    }

    public boolean debit() {
        return Account.DEBIT.equals(direction);
    }
}
