package io.laas.projector.balance.rest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.laas.projector.common.CsvText;

/**
 * The CSV form of a whole statement ({@link CsvText}), written from its JSON response so both show the same
 * figures as the same decimal strings: an {@code opening} row, a {@code posting} row per posting with the balance
 * after it, {@code total} rows (debit, credit) and {@code pending} rows (debit, credit) of the period, then a
 * {@code closing} row (docs/api.md, the account's statement, has the layout).
 */
final class StatementCsv {

    static final List<String> HEADER = List.of("account_code", "currency", "line", "effective_at", "recorded_at",
            "transaction_id", "posting", "sequence", "event_type", "direction", "amount", "balance");

    private StatementCsv() {
    }

    static String of(StatementResponse statement) {
        CsvText csv = new CsvText(HEADER);
        String code = statement.accountCode();
        String currency = statement.currency();
        csv.row(code, currency, "opening", null, null, null, null, null, null, null, null,
                statement.openingBalance());
        for (StatementResponse.Line line : statement.data()) {
            csv.row(code, currency, "posting", time(line.effectiveAt()), time(line.recordedAt()),
                    line.transactionId().toString(), Integer.toString(line.posting()), Long.toString(line.sequence()),
                    line.eventType(), line.direction(), line.amount(), line.balance());
        }
        csv.row(code, currency, "total", null, null, null, null, null, null, "debit", statement.totalDebits(), null);
        csv.row(code, currency, "total", null, null, null, null, null, null, "credit", statement.totalCredits(), null);
        csv.row(code, currency, "pending", null, null, null, null, null, null, "debit", statement.pending().debits(),
                null);
        csv.row(code, currency, "pending", null, null, null, null, null, null, "credit",
                statement.pending().credits(), null);
        csv.row(code, currency, "closing", null, null, null, null, null, null, null, null,
                statement.closingBalance());
        return csv.toString();
    }

    /** As the JSON answers write it (UTC, seconds always, the fraction as far as it goes). */
    private static String time(OffsetDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }
}
