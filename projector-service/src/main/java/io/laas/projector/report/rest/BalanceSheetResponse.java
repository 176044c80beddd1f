package io.laas.projector.report.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.laas.projector.common.Amounts;
import io.laas.projector.report.BalanceSheet;

/**
 * A balance sheet: per currency, assets, liabilities and equity (with the current earnings as a computed line of
 * equity, and in its total), liabilities + equity, and whether that equals the assets.
 */
public record BalanceSheetResponse(UUID ledgerId, OffsetDateTime asOf, String basis, List<Part> currencies) {

    public record Part(String currency, SectionResponse assets, SectionResponse liabilities, Equity equity,
            String totalLiabilitiesAndEquity, boolean balanced) {
    }

    /** Equity: its accounts, the current earnings (revenue − expenses up to {@code as_of}), and their total. */
    public record Equity(List<ReportLineResponse> accounts, String currentEarnings, String total) {
    }

    static BalanceSheetResponse of(UUID ledgerId, BalanceSheet report) {
        return new BalanceSheetResponse(ledgerId, report.asOf(), report.basis().value(),
                report.currencies().stream().map(BalanceSheetResponse::part).toList());
    }

    private static Part part(BalanceSheet.Part part) {
        String currency = part.currency();
        Integer scale = part.scale();
        SectionResponse equity = SectionResponse.of(part.equity(), currency, scale);
        return new Part(currency, SectionResponse.of(part.assets(), currency, scale),
                SectionResponse.of(part.liabilities(), currency, scale),
                new Equity(equity.accounts(), Amounts.format(part.currentEarnings(), currency, scale),
                        Amounts.format(part.totalEquity(), currency, scale)),
                Amounts.format(part.totalLiabilitiesAndEquity(), currency, scale), part.balanced());
    }
}
