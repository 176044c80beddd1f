package io.laas.projector.report.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.laas.projector.common.Amounts;
import io.laas.projector.report.IncomeStatement;

/** An income statement of [{@code from}, {@code to}): per currency, revenue, expenses and net income. */
public record IncomeStatementResponse(UUID ledgerId, OffsetDateTime from, OffsetDateTime to, String basis,
        List<Part> currencies) {

    public record Part(String currency, SectionResponse revenue, SectionResponse expenses, String netIncome) {
    }

    static IncomeStatementResponse of(UUID ledgerId, IncomeStatement report) {
        return new IncomeStatementResponse(ledgerId, report.from(), report.to(), report.basis().value(),
                report.currencies().stream().map(part -> new Part(part.currency(),
                        SectionResponse.of(part.revenue(), part.currency(), part.scale()),
                        SectionResponse.of(part.expenses(), part.currency(), part.scale()),
                        Amounts.format(part.netIncome(), part.currency(), part.scale()))).toList());
    }
}
