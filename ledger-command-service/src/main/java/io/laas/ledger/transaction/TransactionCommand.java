package io.laas.ledger.transaction;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * A structurally valid request to post a transaction. Business rules (currency, precision, balance,
 * accounts) are checked against the ledger afterwards.
 *
 * @param currency the currency of postings that name none, or {@code null} for the ledger's currency
 * @param occurredAt when it happened (its effective time), or {@code null} to use the time the ledger records it
 * @param pending whether it only holds its amounts until it is committed or voided
 * @param expiresAt when a pending transaction not yet committed is voided, or {@code null} for never
 * @param metadata client metadata, or {@code null}
 * @param requestHash SHA-256 over the canonical request, compared on idempotent replays
 * @param scheduleId the schedule that posts it as one of its runs, or {@code null}
 */
public record TransactionCommand(UUID ledgerId, String idempotencyKey, String externalId, String currency,
        Instant occurredAt, boolean pending, Instant expiresAt, List<PostingLine> postings, JsonObject metadata,
        String requestHash, UUID scheduleId) {

    /** The prefix of the keys scheduled runs derive ({@code schedule:<id>:<run>}), which clients cannot take. */
    public static final String RESERVED_KEY_PREFIX = "schedule:";

    public TransactionCommand(UUID ledgerId, String idempotencyKey, String externalId, String currency,
            Instant occurredAt, boolean pending, Instant expiresAt, List<PostingLine> postings, JsonObject metadata,
            String requestHash) {
        this(ledgerId, idempotencyKey, externalId, currency, occurredAt, pending, expiresAt, postings, metadata,
                requestHash, null);
    }

    /** This transaction as run {@code key} of a schedule, effective at {@code occurredAt}. */
    public TransactionCommand asRun(UUID schedule, String key, Instant runOccurredAt, String runHash) {
        return new TransactionCommand(ledgerId, key, externalId, currency, runOccurredAt, pending, expiresAt, postings,
                metadata, runHash, schedule);
    }

    /**
     * One posting; {@code currency} is {@code null} when it takes the transaction's. {@code lockVersion},
     * when given, is the version the account must have before the transaction; {@code assertion}, when
     * given, bounds the account's balance after it.
     */
    public record PostingLine(String accountCode, Direction direction, BigDecimal amount, String currency,
            Long lockVersion, BalanceAssertion assertion) {

        public PostingLine(String accountCode, Direction direction, BigDecimal amount, String currency) {
            this(accountCode, direction, amount, currency, null, null);
        }

        public PostingLine withAmount(BigDecimal scaled, String resolvedCurrency) {
            return new PostingLine(accountCode, direction, scaled, resolvedCurrency, lockVersion, assertion);
        }
    }

    public List<String> accountCodes() {
        return postings.stream().map(PostingLine::accountCode).distinct().sorted().toList();
    }
}
