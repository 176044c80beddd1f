package io.laas.ledger.transaction.rest;

import java.util.List;

/**
 * The body of {@code POST /v1/ledgers/{ledger_id}/transactions/bulk}: up to 1,000 transactions, each
 * with its own idempotency key; {@code atomic} commits all or none (default: each on its own).
 */
public record BulkRequest(Boolean atomic, List<PostTransactionRequest> transactions) {
}
