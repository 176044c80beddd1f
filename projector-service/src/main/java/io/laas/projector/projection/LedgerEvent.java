package io.laas.projector.projection;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One event of topic {@code outbox.event.ledger}, validated. {@code raw} is the payload as received; it
 * is what gets parked when the event arrives before its predecessor. {@code epoch} is the epoch it was written in
 * (1 when it names none; see {@link io.laas.events.Epochs}).
 */
public record LedgerEvent(UUID eventId, String eventType, UUID ledgerId, long sequence, OffsetDateTime recordedAt,
        EventData data, String raw, long epoch) {

    public static final String ACCOUNT_CREATED = "account.created";
    public static final String ACCOUNT_UPDATED = "account.updated";
    public static final String ASSET_DECLARED = "asset.declared";
    public static final String TRANSACTION_POSTED = "transaction.posted";
    public static final String TRANSACTION_PENDING = "transaction.pending";
    public static final String TRANSACTION_COMMITTED = "transaction.committed";
    public static final String TRANSACTION_VOIDED = "transaction.voided";
    public static final String TRANSACTION_REVERSED = "transaction.reversed";

    public sealed interface EventData permits AccountCreated, AccountUpdated, TransactionPosted, TransactionCommitted,
            TransactionVoided, AssetDeclared, Unknown {
    }

    /** Bounds of an account's balance in its normal direction; {@code null} = unbounded. */
    public record Limits(BigDecimal minBalance, BigDecimal maxBalance) {

        public static final Limits NONE = new Limits(null, null);
    }

    /**
     * {@code scale}: decimal places of the account's currency in its ledger ({@code null} in older events).
     * Older events lack everything after {@code scale}: the parser gives the defaults of docs/events.md
     * (normal balance from the type, no parent, open, no limits, no metadata, version 0).
     */
    public record AccountCreated(UUID accountId, String code, String name, String type, String currency,
            Integer scale, String normalBalance, UUID parentId, String parentCode, String status, Limits limits,
            String metadataJson, long version, OffsetDateTime createdAt) implements EventData {

        public AccountCreated withParent(UUID id, String code) {
            return new AccountCreated(accountId, this.code, name, type, currency, scale, normalBalance, id, code,
                    status, limits, metadataJson, version, createdAt);
        }
    }

    /**
     * An account's whole new state; a {@code null} component was absent from the event and stays as it was
     * ({@code limits} present with null bounds makes the account unbounded).
     */
    public record AccountUpdated(UUID accountId, String code, String name, String status, Limits limits,
            String metadataJson, OffsetDateTime updatedAt) implements EventData {
    }

    /**
     * A new transaction: {@code transaction.posted}, {@code transaction.pending} (amounts held, posted balances
     * do not move) and {@code transaction.reversed} (posted, the mirror of postings of {@code reversalOf}) share
     * this shape; {@code kind} says which it is.
     */
    public record TransactionPosted(Kind kind, UUID transactionId, String externalId, String idempotencyKey,
            String currency, OffsetDateTime occurredAt, String metadataJson, OffsetDateTime expiresAt, UUID reversalOf,
            UUID scheduleId, List<PostingData> postings) implements EventData {

        public enum Kind {
            POSTED("posted"), PENDING("pending"), REVERSAL("posted");

            private final String status;

            Kind(String status) {
                this.status = status;
            }

            /** The status the transaction is recorded with. */
            public String status() {
                return status;
            }
        }
    }

    /**
     * Either {@code accountId} or {@code accountCode} identifies the account; direction is debit or credit;
     * {@code currency} is the posting's (the transaction's in events that name none per posting; {@code null}
     * in a commit that names none: the held posting's). {@code accountVersion} is the account's version after
     * the posting ({@code null} in older events); {@code originalPosting} is, in a reversal, the index of the
     * original posting it mirrors ({@code null}: its own index).
     */
    public record PostingData(UUID accountId, String accountCode, String direction, BigDecimal amount,
            String currency, Long accountVersion, Integer originalPosting) {
    }

    /**
     * A pending transaction posted, in full or in part: one posting per held posting, in their order, each
     * with the amount posted (at most the amount held, maybe zero); the rest of the hold is released.
     */
    public record TransactionCommitted(UUID transactionId, OffsetDateTime committedAt, List<PostingData> postings)
            implements EventData {
    }

    /** A pending transaction voided by a client ({@code reason} voided) or because it expired: its hold is released. */
    public record TransactionVoided(UUID transactionId, String reason, OffsetDateTime voidedAt) implements EventData {
    }

    /** An asset the ledger declared, with the decimal places of its amounts. */
    public record AssetDeclared(String code, int scale, OffsetDateTime declaredAt) implements EventData {
    }

    /**
     * An event type this projector does not build anything from (e.g. {@code schedule.*}, served elsewhere);
     * it only advances the sequence.
     */
    public record Unknown() implements EventData {
    }
}
