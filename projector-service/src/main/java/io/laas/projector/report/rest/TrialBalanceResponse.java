package io.laas.projector.report.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.laas.projector.common.Amounts;
import io.laas.projector.report.AccountBalance;
import io.laas.projector.report.ReportLine;
import io.laas.projector.report.TrialBalance;

/** A trial balance: per currency, the accounts in tree pre-order and the totals of the debit and credit columns. */
public record TrialBalanceResponse(UUID ledgerId, OffsetDateTime asOf, String basis, List<Part> currencies) {

    public record Part(String currency, List<Line> accounts, String totalDebits, String totalCredits,
            boolean balanced) {
    }

    /**
     * An account: {@code debit} or {@code credit} holds its own balance on the side it stands (the other is
     * zero); {@code balance} is that balance in its normal direction, {@code rolled_up_balance} its own and its
     * descendants' in its normal direction.
     */
    public record Line(String code, String name, String type, String normalBalance, String parentCode, int depth,
            String debit, String credit, String balance, String rolledUpBalance) {
    }

    static TrialBalanceResponse of(UUID ledgerId, TrialBalance report) {
        return new TrialBalanceResponse(ledgerId, report.asOf(), report.basis().value(),
                report.currencies().stream().map(TrialBalanceResponse::part).toList());
    }

    private static Part part(TrialBalance.Part part) {
        String currency = part.currency();
        Integer scale = part.scale();
        List<Line> lines = part.lines().stream().map(line -> line(line, currency, scale)).toList();
        return new Part(currency, lines, Amounts.format(part.totalDebits(), currency, scale),
                Amounts.format(part.totalCredits(), currency, scale),
                part.totalDebits().compareTo(part.totalCredits()) == 0);
    }

    static Line line(ReportLine line, String currency, Integer scale) {
        AccountBalance account = line.account();
        BigDecimal net = line.ownNetDebit();
        return new Line(account.code(), account.name(), account.type(), account.normalBalance(),
                account.parentCode(), line.depth(),
                Amounts.format(net.signum() > 0 ? net : BigDecimal.ZERO, currency, scale),
                Amounts.format(net.signum() < 0 ? net.negate() : BigDecimal.ZERO, currency, scale),
                Amounts.format(line.balance(), currency, scale),
                Amounts.format(line.rolledUpBalance(), currency, scale));
    }
}
