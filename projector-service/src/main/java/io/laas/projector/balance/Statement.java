package io.laas.projector.balance;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.laas.projector.account.Account;

/**
 * One page of an account's statement for [{@code from}, {@code to}) on a {@link Basis}: its totals before
 * {@code from} ({@code opening}) and before {@code to} ({@code closing}), and the entries of the page that post
 * something, in order, each with the balance after it. {@code next} is the last line's key when more follow.
 */
public record Statement(Account account, Basis basis, OffsetDateTime from, OffsetDateTime to, Totals opening,
        Totals closing, List<Line> lines, EntryKey next) {

    /** A posting: what it posted, when, and the account's balance (normal direction) after it. */
    public record Line(UUID transactionId, int position, long sequence, String kind, OffsetDateTime effectiveAt,
            OffsetDateTime recordedAt, String direction, BigDecimal amount, BigDecimal balance, EntryKey key) {
    }
}
