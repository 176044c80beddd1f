package io.laas.projector.report.rest;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.laas.projector.common.CsvText;

/**
 * The CSV form of the reports ({@link CsvText}). Written from the JSON responses, so both forms show the same figures
 * as the same decimal strings. One layout per report, every row the same columns; {@code line} tells an
 * account from a computed line (docs/api.md, "Reports", has the layouts).
 */
public final class ReportCsv {

    public static final String MEDIA_TYPE = CsvText.MEDIA_TYPE;

    static final List<String> TRIAL_BALANCE_HEADER = List.of("currency", "line", "code", "name", "type",
            "normal_balance", "parent_code", "depth", "debit", "credit", "balance", "rolled_up_balance");

    static final List<String> SECTIONS_HEADER = List.of("currency", "section", "line", "code", "name", "type",
            "normal_balance", "parent_code", "depth", "contra", "amount", "rolled_up_amount");

    private static final MediaType CSV = MediaType.valueOf(MEDIA_TYPE);

    private final CsvText csv;

    private ReportCsv(List<String> header) {
        csv = new CsvText(header);
    }

    /**
     * Whether the client prefers CSV to JSON: the first media type of its {@code Accept} (by preference) that either
     * form matches decides ({@code *}{@code /*} or none: JSON).
     */
    public static boolean prefersCsv(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (accepted.isCompatible(CSV)) {
                return true;
            }
        }
        return false;
    }

    /** One row per account ({@code line} = {@code account}), then a {@code total} row per currency. */
    static String trialBalance(TrialBalanceResponse report) {
        ReportCsv csv = new ReportCsv(TRIAL_BALANCE_HEADER);
        for (TrialBalanceResponse.Part part : report.currencies()) {
            for (TrialBalanceResponse.Line line : part.accounts()) {
                csv.row(part.currency(), "account", line.code(), line.name(), line.type(), line.normalBalance(),
                        line.parentCode(), Integer.toString(line.depth()), line.debit(), line.credit(),
                        line.balance(), line.rolledUpBalance());
            }
            csv.row(part.currency(), "total", null, null, null, null, null, null, part.totalDebits(),
                    part.totalCredits(), null, null);
        }
        return csv.toString();
    }

    /**
     * Sections {@code assets}, {@code liabilities}, {@code equity} (its accounts, a {@code current_earnings} row,
     * then its {@code total} with them), each ending in a {@code total} row, then section
     * {@code liabilities_and_equity}'s {@code total}.
     */
    static String balanceSheet(BalanceSheetResponse report) {
        ReportCsv csv = new ReportCsv(SECTIONS_HEADER);
        for (BalanceSheetResponse.Part part : report.currencies()) {
            csv.section(part.currency(), "assets", part.assets().accounts(), part.assets().total());
            csv.section(part.currency(), "liabilities", part.liabilities().accounts(), part.liabilities().total());
            csv.lines(part.currency(), "equity", part.equity().accounts());
            csv.computed(part.currency(), "equity", "current_earnings", part.equity().currentEarnings());
            csv.computed(part.currency(), "equity", "total", part.equity().total());
            csv.computed(part.currency(), "liabilities_and_equity", "total", part.totalLiabilitiesAndEquity());
        }
        return csv.toString();
    }

    /** Sections {@code revenue} and {@code expenses}, each ending in a {@code total} row, then {@code net_income}. */
    static String incomeStatement(IncomeStatementResponse report) {
        ReportCsv csv = new ReportCsv(SECTIONS_HEADER);
        for (IncomeStatementResponse.Part part : report.currencies()) {
            csv.section(part.currency(), "revenue", part.revenue().accounts(), part.revenue().total());
            csv.section(part.currency(), "expenses", part.expenses().accounts(), part.expenses().total());
            csv.computed(part.currency(), "net_income", "total", part.netIncome());
        }
        return csv.toString();
    }

    private void section(String currency, String section, List<ReportLineResponse> lines, String total) {
        lines(currency, section, lines);
        computed(currency, section, "total", total);
    }

    private void lines(String currency, String section, List<ReportLineResponse> lines) {
        for (ReportLineResponse line : lines) {
            row(currency, section, "account", line.code(), line.name(), line.type(), line.normalBalance(),
                    line.parentCode(), Integer.toString(line.depth()), Boolean.toString(line.contra()), line.amount(),
                    line.rolledUpAmount());
        }
    }

    private void computed(String currency, String section, String line, String amount) {
        row(currency, section, line, null, null, null, null, null, null, null, amount, null);
    }

    private void row(String... fields) {
        csv.row(fields);
    }

    @Override
    public String toString() {
        return csv.toString();
    }
}
