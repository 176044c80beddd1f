package io.laas.projector.balance.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.laas.projector.account.Account;
import io.laas.projector.balance.Statement;
import io.laas.projector.common.Amounts;

/**
 * One page of a statement: the account, the period [{@code from}, {@code to}) and its basis, the balances before
 * and at the end of the period, what was debited and credited in it, what was held at its end, and the postings
 * of the page ({@code data}) with the balance after each. Amounts at the account's scale.
 */
public record StatementResponse(UUID accountId, String accountCode, String currency, String normalBalance,
        String basis, OffsetDateTime from, OffsetDateTime to, String openingBalance, String closingBalance,
        String totalDebits, String totalCredits, Pending pending, List<Line> data, String nextCursor) {

    /** What pending transactions held on each side at the end of the period. */
    public record Pending(String debits, String credits) {
    }

    /**
     * A posting: its transaction and index in it ({@code posting}), the event that posted it ({@code sequence},
     * {@code event_type}), its times, what it posted and the balance after it.
     */
    public record Line(UUID transactionId, int posting, long sequence, String eventType, OffsetDateTime effectiveAt,
            OffsetDateTime recordedAt, String direction, String amount, String balance) {
    }

    static StatementResponse of(Statement statement, String nextCursor) {
        Account account = statement.account();
        String currency = account.currency();
        Integer scale = account.scale();
        String normal = account.normalBalance();
        List<Line> lines = statement.lines().stream()
                .map(line -> new Line(line.transactionId(), line.position(), line.sequence(),
                        "transaction." + line.kind(), line.effectiveAt(), line.recordedAt(), line.direction(),
                        Amounts.format(line.amount(), currency, scale), Amounts.format(line.balance(), currency, scale)))
                .toList();
        return new StatementResponse(account.id(), account.code(), currency, normal, statement.basis().value(),
                statement.from(), statement.to(),
                Amounts.format(statement.opening().balance(normal), currency, scale),
                Amounts.format(statement.closing().balance(normal), currency, scale),
                Amounts.format(statement.closing().debits().subtract(statement.opening().debits()), currency, scale),
                Amounts.format(statement.closing().credits().subtract(statement.opening().credits()), currency, scale),
                new Pending(Amounts.format(statement.closing().pendingDebits(), currency, scale),
                        Amounts.format(statement.closing().pendingCredits(), currency, scale)),
                lines, nextCursor);
    }
}
