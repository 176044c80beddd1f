package io.laas.projector.report;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import io.laas.projector.balance.Basis;

/** Every account's posted balance as of {@code asOf} on {@code basis}, one part per currency. */
public record TrialBalance(OffsetDateTime asOf, Basis basis, List<Part> currencies) {

    /**
     * The accounts of one currency as a tree with their own and rolled-up balances. The totals add up the
     * accounts' own balances on their debit or credit side (a rolled-up balance is never added again), so they are
     * equal when every transaction balances in this currency.
     */
    public record Part(String currency, Integer scale, List<ReportLine> lines, BigDecimal totalDebits,
            BigDecimal totalCredits) {
    }
}
