package io.laas.projector.report;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import io.laas.projector.balance.Basis;

/** What revenue and expense accounts moved in [{@code from}, {@code to}) on {@code basis}, one part per currency. */
public record IncomeStatement(OffsetDateTime from, OffsetDateTime to, Basis basis, List<Part> currencies) {

    /** One currency: revenue and expenses of the period and net income (revenue − expenses). */
    public record Part(String currency, Integer scale, ReportSection revenue, ReportSection expenses,
            BigDecimal netIncome) {
    }
}
