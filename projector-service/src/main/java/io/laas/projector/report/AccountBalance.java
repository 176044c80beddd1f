package io.laas.projector.report;

import java.math.BigDecimal;

/**
 * An account of a report with its posted figure: {@code netDebit} is debits − credits (posted, never held) as of
 * the report's time, or of its period for an income statement. {@code scale} is its currency's decimal places in
 * the ledger ({@code null} for accounts projected from older events: then the ISO scale).
 */
public record AccountBalance(String code, String name, String type, String normalBalance, String currency,
        Integer scale, String parentCode, BigDecimal netDebit) {
}
