package io.laas.projector.projection;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One event of topic {@code outbox.event.ledger}, validated. {@code raw} is the payload as received; it
 * is what gets parked when the event arrives before its predecessor.
 */
public record LedgerEvent(UUID eventId, String eventType, UUID ledgerId, long sequence, OffsetDateTime recordedAt,
        EventData data, String raw) {

    public static final String ACCOUNT_CREATED = "account.created";
    public static final String ASSET_DECLARED = "asset.declared";
    public static final String TRANSACTION_POSTED = "transaction.posted";

    public sealed interface EventData permits AccountCreated, TransactionPosted, AssetDeclared, Unknown {
    }

    /** {@code scale}: decimal places of the account's currency in its ledger ({@code null} in older events). */
    public record AccountCreated(UUID accountId, String code, String name, String type, String currency,
            Integer scale, OffsetDateTime createdAt) implements EventData {
    }

    public record TransactionPosted(UUID transactionId, String externalId, String idempotencyKey, String currency,
            OffsetDateTime occurredAt, String metadataJson, List<PostingData> postings) implements EventData {
    }

    /**
     * Either {@code accountId} or {@code accountCode} identifies the account; direction is debit or credit;
     * {@code currency} is the posting's (the transaction's in events that name none per posting).
     */
    public record PostingData(UUID accountId, String accountCode, String direction, BigDecimal amount,
            String currency) {
    }

    /** An asset the ledger declared, with the decimal places of its amounts. */
    public record AssetDeclared(String code, int scale, OffsetDateTime declaredAt) implements EventData {
    }

    /** An event type this projector does not build anything from; it only advances the sequence. */
    public record Unknown() implements EventData {
    }
}
