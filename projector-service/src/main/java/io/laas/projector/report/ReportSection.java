package io.laas.projector.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * A section of a balance sheet or an income statement (assets, liabilities, equity, revenue, expenses): its
 * accounts as a tree in pre-order and its total in the section's {@code direction} (debit for assets and
 * expenses, credit for the others), the sum of every account's own postings, so that a contra account (whose
 * normal balance is the other side) reduces it.
 */
public record ReportSection(String direction, List<ReportLine> lines, BigDecimal total) {
}
