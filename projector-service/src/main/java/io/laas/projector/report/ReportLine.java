package io.laas.projector.report;

import java.math.BigDecimal;

/**
 * One account of a report, in the pre-order of its tree (a parent before its children, siblings by code).
 * {@code depth} is its distance from the root of its tree in the report (0 for a root). {@code ownNetDebit} is
 * debits − credits of its own postings; {@code rolledUpNetDebit} the same of its own postings and all its
 * descendants' in the report.
 */
public record ReportLine(AccountBalance account, int depth, BigDecimal ownNetDebit, BigDecimal rolledUpNetDebit) {

    /** An amount of debits − credits as seen from {@code direction} ({@code debit} or {@code credit}). */
    public static BigDecimal towards(String direction, BigDecimal netDebit) {
        return "debit".equals(direction) ? netDebit : netDebit.negate();
    }

    /** Its own balance in its normal direction. */
    public BigDecimal balance() {
        return towards(account.normalBalance(), ownNetDebit);
    }

    /** Its rolled-up balance (own and descendants') in its normal direction. */
    public BigDecimal rolledUpBalance() {
        return towards(account.normalBalance(), rolledUpNetDebit);
    }
}
