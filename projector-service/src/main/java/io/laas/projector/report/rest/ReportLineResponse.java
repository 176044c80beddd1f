package io.laas.projector.report.rest;

import io.laas.projector.common.Amounts;
import io.laas.projector.report.AccountBalance;
import io.laas.projector.report.ReportLine;
import io.laas.projector.report.ReportSection;

/**
 * An account of a balance sheet or income statement section: {@code amount} is what its own postings come to and
 * {@code rolled_up_amount} its own and its descendants', both in the section's direction (debit − credit for
 * assets and expenses, credit − debit for the others), so a {@code contra} account's are negative.
 */
public record ReportLineResponse(String code, String name, String type, String normalBalance, String parentCode,
        int depth, boolean contra, String amount, String rolledUpAmount) {

    static ReportLineResponse of(ReportLine line, ReportSection section, String currency, Integer scale) {
        AccountBalance account = line.account();
        return new ReportLineResponse(account.code(), account.name(), account.type(), account.normalBalance(),
                account.parentCode(), line.depth(), !account.normalBalance().equals(section.direction()),
                Amounts.format(ReportLine.towards(section.direction(), line.ownNetDebit()), currency, scale),
                Amounts.format(ReportLine.towards(section.direction(), line.rolledUpNetDebit()), currency, scale));
    }
}
