package io.laas.projector.balance;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import io.laas.projector.account.Account;

/**
 * An account's posted balance at the end of each interval of [{@code from}, {@code to}) on a {@link Basis}:
 * {@code opening} before {@code from}, then one point per interval (the last one may end early, at {@code to}).
 */
public record BalanceHistory(Account account, Basis basis, Interval interval, OffsetDateTime from,
        OffsetDateTime to, BigDecimal opening, List<Point> points) {

    /** The balance of the entries before {@code at} (the end of an interval). */
    public record Point(OffsetDateTime at, BigDecimal balance) {
    }
}
