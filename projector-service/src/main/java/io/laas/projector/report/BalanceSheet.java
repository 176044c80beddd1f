package io.laas.projector.report;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import io.laas.projector.balance.Basis;

/** Assets, liabilities and equity as of {@code asOf} on {@code basis}, one part per currency. */
public record BalanceSheet(OffsetDateTime asOf, Basis basis, List<Part> currencies) {

    /**
     * One currency: its three sections, the current earnings (revenue − expenses of everything up to
     * {@code asOf}, shown in equity since no period is closed into an equity account), equity's total with them,
     * and liabilities + that total, which equals the assets' total when every transaction balances.
     */
    public record Part(String currency, Integer scale, ReportSection assets, ReportSection liabilities,
            ReportSection equity, BigDecimal currentEarnings, BigDecimal totalEquity,
            BigDecimal totalLiabilitiesAndEquity) {

        public boolean balanced() {
            return assets.total().compareTo(totalLiabilitiesAndEquity) == 0;
        }
    }
}
