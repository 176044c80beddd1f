package io.laas.projector.balance.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.laas.projector.account.Account;
import io.laas.projector.balance.BalanceHistory;
import io.laas.projector.common.Amounts;

/**
 * An account's posted balance before {@code from} ({@code opening_balance}) and at the end of each interval of
 * [{@code from}, {@code to}) ({@code points}), at the account's scale.
 */
public record BalanceHistoryResponse(UUID accountId, String accountCode, String currency, String normalBalance,
        String basis, String interval, OffsetDateTime from, OffsetDateTime to, String openingBalance,
        List<Point> points) {

    /** The balance at {@code at}: of the entries before it. */
    public record Point(OffsetDateTime at, String balance) {
    }

    static BalanceHistoryResponse of(BalanceHistory history) {
        Account account = history.account();
        String currency = account.currency();
        Integer scale = account.scale();
        return new BalanceHistoryResponse(account.id(), account.code(), currency, account.normalBalance(),
                history.basis().value(), history.interval().value(), history.from(), history.to(),
                Amounts.format(history.opening(), currency, scale),
                history.points().stream()
                        .map(p -> new Point(p.at(), Amounts.format(p.balance(), currency, scale)))
                        .toList());
    }
}
