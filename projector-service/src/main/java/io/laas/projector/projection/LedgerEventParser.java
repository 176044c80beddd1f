package io.laas.projector.projection;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.events.EventEnvelope;
import io.laas.events.EventEnvelopeReader;
import io.laas.events.EventFields;
import io.laas.events.PoisonEventException;
import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.AccountUpdated;
import io.laas.projector.projection.LedgerEvent.AssetDeclared;
import io.laas.projector.projection.LedgerEvent.EventData;
import io.laas.projector.projection.LedgerEvent.Limits;
import io.laas.projector.projection.LedgerEvent.PostingData;
import io.laas.projector.projection.LedgerEvent.TransactionCommitted;
import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.projection.LedgerEvent.TransactionPosted.Kind;
import io.laas.projector.projection.LedgerEvent.TransactionVoided;
import io.laas.projector.projection.LedgerEvent.Unknown;

/**
 * Reads ledger events: the envelope with the shared reader of {@code libs/events} (raw or string-wrapped
 * value; headers and key fill in the identity), then the data of the event types this projector builds
 * read models from. {@link LedgerEvent#raw()} is the envelope with its identity written in, so a parked
 * copy reads back on its own.
 */
@ApplicationScoped
public class LedgerEventParser {

    private static final Set<String> DIRECTIONS = Set.of("debit", "credit");
    private static final Set<String> ACCOUNT_STATUSES = Set.of("open", "frozen", "closed");
    private static final Set<String> VOID_REASONS = Set.of("voided", "expired");

    private final EventEnvelopeReader envelopes;
    private final ObjectMapper mapper;

    public LedgerEventParser(ObjectMapper mapper) {
        this.envelopes = new EventEnvelopeReader(mapper);
        this.mapper = mapper;
    }

    /** The typed event; a record that can never be projected throws {@link PoisonEventException}. */
    public LedgerEvent parse(RawEvent raw) {
        EventEnvelope envelope = envelopes.read(raw.value(), raw.key(), raw.idHeader(), raw.eventTypeHeader());
        return typed(envelope);
    }

    /** Like {@link #parse}, but a poison record comes back with what could be read of its identity. */
    public ParsedEvent classify(RawEvent raw) {
        EventEnvelope envelope;
        try {
            envelope = envelopes.read(raw.value(), raw.key(), raw.idHeader(), raw.eventTypeHeader());
        } catch (PoisonEventException e) {
            return new ParsedEvent.Unreadable(raw, uuidOrNull(raw.key()), null, uuidOrNull(raw.idHeader()),
                    raw.eventTypeHeader(), e.getMessage());
        }
        try {
            return new ParsedEvent.Readable(raw, typed(envelope));
        } catch (PoisonEventException e) {
            return new ParsedEvent.Unreadable(raw, envelope.ledgerId(), envelope.sequence(), envelope.eventId(),
                    envelope.eventType(), e.getMessage());
        }
    }

    private LedgerEvent typed(EventEnvelope envelope) {
        long sequence = envelope.requireSequence();
        OffsetDateTime recordedAt = envelope.recordedAt() == null ? OffsetDateTime.now(ZoneOffset.UTC)
                : envelope.recordedAt();
        JsonNode data = envelope.data();
        EventData eventData = switch (envelope.eventType()) {
            case LedgerEvent.ACCOUNT_CREATED -> accountCreated(data, recordedAt);
            case LedgerEvent.ACCOUNT_UPDATED -> accountUpdated(data, recordedAt);
            case LedgerEvent.TRANSACTION_POSTED -> transactionPosted(Kind.POSTED, data, recordedAt);
            case LedgerEvent.TRANSACTION_PENDING -> transactionPosted(Kind.PENDING, data, recordedAt);
            case LedgerEvent.TRANSACTION_REVERSED -> transactionPosted(Kind.REVERSAL, data, recordedAt);
            case LedgerEvent.TRANSACTION_COMMITTED -> transactionCommitted(data, recordedAt);
            case LedgerEvent.TRANSACTION_VOIDED -> transactionVoided(data, recordedAt);
            case LedgerEvent.ASSET_DECLARED -> assetDeclared(data, recordedAt);
            default -> new Unknown();
        };
        return new LedgerEvent(envelope.eventId(), envelope.eventType(), envelope.ledgerId(), sequence, recordedAt,
                eventData, envelope.completedJson(), envelope.epoch());
    }

    private AccountCreated accountCreated(JsonNode data, OffsetDateTime recordedAt) {
        UUID accountId = EventFields.requiredUuid(data, "data.account_id");
        String code = EventFields.requiredText(data, "data.code");
        String type = EventFields.requiredText(data, "data.type").toLowerCase(Locale.ROOT);
        String currency = EventFields.requiredText(data, "data.currency");
        String name = EventFields.text(data, "data.name");
        OffsetDateTime createdAt = EventFields.timestamp(data, "data.created_at");
        String normalBalance = oneOf(data, "data.normal_balance", DIRECTIONS);
        if (normalBalance == null) {
            normalBalance = type.equals("asset") || type.equals("expense") ? "debit" : "credit";
        }
        String status = oneOf(data, "data.status", ACCOUNT_STATUSES);
        Limits limits = limits(data);
        String metadata = json(data, "metadata");
        Long version = count(data, "data.version");
        return new AccountCreated(accountId, code, name == null ? code : name, type, currency, scale(data, false),
                normalBalance, EventFields.uuid(data, "data.parent_id"), EventFields.text(data, "data.parent_code"),
                status == null ? "open" : status, limits == null ? Limits.NONE : limits,
                metadata == null ? "{}" : metadata, version == null ? 0 : version,
                createdAt == null ? recordedAt : createdAt);
    }

    private AccountUpdated accountUpdated(JsonNode data, OffsetDateTime recordedAt) {
        UUID accountId = EventFields.uuid(data, "data.account_id");
        String code = EventFields.text(data, "data.code");
        if (accountId == null && code == null) {
            throw new PoisonEventException("data.account_id and data.code are both missing");
        }
        OffsetDateTime updatedAt = EventFields.timestamp(data, "data.updated_at");
        return new AccountUpdated(accountId, code, EventFields.text(data, "data.name"),
                oneOf(data, "data.status", ACCOUNT_STATUSES), limits(data), json(data, "metadata"),
                updatedAt == null ? recordedAt : updatedAt);
    }

    private static AssetDeclared assetDeclared(JsonNode data, OffsetDateTime recordedAt) {
        String code = EventFields.requiredText(data, "data.code");
        OffsetDateTime declaredAt = EventFields.timestamp(data, "data.declared_at");
        return new AssetDeclared(code, scale(data, true), declaredAt == null ? recordedAt : declaredAt);
    }

    /** {@code data.scale}: an integer from 0 to 18, or {@code null} when absent and not required. */
    private static Integer scale(JsonNode data, boolean required) {
        JsonNode scaleNode = data.get("scale");
        if (scaleNode == null || scaleNode.isNull()) {
            if (required) {
                throw new PoisonEventException("data.scale is missing");
            }
            return null;
        }
        if (!scaleNode.isInt() || scaleNode.intValue() < 0 || scaleNode.intValue() > 18) {
            throw new PoisonEventException("data.scale is not an integer from 0 to 18: " + scaleNode);
        }
        return scaleNode.intValue();
    }

    private TransactionPosted transactionPosted(Kind kind, JsonNode data, OffsetDateTime recordedAt) {
        UUID transactionId = EventFields.requiredUuid(data, "data.transaction_id");
        String currency = EventFields.requiredText(data, "data.currency");
        OffsetDateTime occurredAt = EventFields.timestamp(data, "data.occurred_at");
        String metadata = json(data, "metadata");
        UUID reversalOf = EventFields.uuid(data, "data.reversal_of");
        if (kind == Kind.REVERSAL && reversalOf == null) {
            throw new PoisonEventException("data.reversal_of is missing");
        }
        return new TransactionPosted(kind, transactionId, EventFields.text(data, "data.external_id"),
                EventFields.text(data, "data.idempotency_key"), currency,
                occurredAt == null ? recordedAt : occurredAt, metadata == null ? "{}" : metadata,
                kind == Kind.PENDING ? EventFields.timestamp(data, "data.expires_at") : null,
                kind == Kind.REVERSAL ? reversalOf : null, EventFields.uuid(data, "data.schedule_id"),
                postings(data, currency));
    }

    private static TransactionCommitted transactionCommitted(JsonNode data, OffsetDateTime recordedAt) {
        UUID transactionId = EventFields.requiredUuid(data, "data.transaction_id");
        OffsetDateTime occurredAt = EventFields.timestamp(data, "data.occurred_at");
        return new TransactionCommitted(transactionId, occurredAt == null ? recordedAt : occurredAt,
                postings(data, null));
    }

    private static TransactionVoided transactionVoided(JsonNode data, OffsetDateTime recordedAt) {
        UUID transactionId = EventFields.requiredUuid(data, "data.transaction_id");
        String reason = oneOf(data, "data.reason", VOID_REASONS);
        if (reason == null) {
            throw new PoisonEventException("data.reason is missing");
        }
        OffsetDateTime voidedAt = EventFields.timestamp(data, "data.voided_at");
        return new TransactionVoided(transactionId, reason, voidedAt == null ? recordedAt : voidedAt);
    }

    /** {@code data.postings}, each in {@code currency} unless it names its own. */
    private static List<PostingData> postings(JsonNode data, String currency) {
        JsonNode postingsNode = data.get("postings");
        if (postingsNode == null || !postingsNode.isArray() || postingsNode.isEmpty()) {
            throw new PoisonEventException("data.postings is missing or empty");
        }
        List<PostingData> postings = new ArrayList<>(postingsNode.size());
        for (int i = 0; i < postingsNode.size(); i++) {
            JsonNode p = postingsNode.get(i);
            String at = "data.postings[" + i + "].";
            UUID accountId = EventFields.uuid(p, at + "account_id");
            String accountCode = EventFields.text(p, at + "account_code");
            if (accountId == null && accountCode == null) {
                throw new PoisonEventException(at + "account_id and " + at + "account_code are both missing");
            }
            String direction = oneOf(p, at + "direction", DIRECTIONS);
            if (direction == null) {
                throw new PoisonEventException(at + "direction is missing");
            }
            BigDecimal amount = EventFields.requiredDecimal(p, at + "amount");
            if (amount.signum() < 0) {
                throw new PoisonEventException(at + "amount is negative: '" + amount.toPlainString() + "'");
            }
            String postingCurrency = EventFields.text(p, at + "currency");
            Long originalPosting = count(p, at + "original_posting");
            postings.add(new PostingData(accountId, accountCode, direction, amount,
                    postingCurrency == null ? currency : postingCurrency, count(p, at + "account_version"),
                    originalPosting == null ? null : Math.toIntExact(Math.min(originalPosting, Integer.MAX_VALUE))));
        }
        return List.copyOf(postings);
    }

    /** {@code data.limits}: {@code null} when absent, {@link Limits#NONE} when null, else its two bounds. */
    private static Limits limits(JsonNode data) {
        JsonNode limits = data.get("limits");
        if (limits == null) {
            return null;
        }
        if (limits.isNull()) {
            return Limits.NONE;
        }
        if (!limits.isObject()) {
            throw new PoisonEventException("data.limits is not an object");
        }
        return new Limits(decimalOrNull(limits, "data.limits.min_balance"),
                decimalOrNull(limits, "data.limits.max_balance"));
    }

    private static BigDecimal decimalOrNull(JsonNode node, String name) {
        JsonNode value = node.get(name.substring(name.lastIndexOf('.') + 1));
        return value == null || value.isNull() ? null : EventFields.requiredDecimal(node, name);
    }

    /** A lower-case member that must be one of {@code allowed}; {@code null} when absent. */
    private static String oneOf(JsonNode node, String name, Set<String> allowed) {
        String value = EventFields.text(node, name);
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new PoisonEventException(name + " is not one of " + String.join(", ", new TreeSet<>(allowed))
                    + ": '" + abbreviated(value) + "'");
        }
        return lower;
    }

    /** A non-negative integer (a JSON number or a string of digits); {@code null} when absent. */
    private static Long count(JsonNode node, String name) {
        JsonNode value = node.get(name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf(']')) + 1));
        if (value == null || value.isNull()) {
            return null;
        }
        long parsed;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            parsed = value.longValue();
        } else if (value.isTextual() && value.asText().matches("[0-9]{1,18}")) {
            parsed = Long.parseLong(value.asText());
        } else {
            parsed = -1;
        }
        if (parsed < 0) {
            throw new PoisonEventException(name + " is not a non-negative integer"
                    + (value.isValueNode() ? ": '" + abbreviated(value.asText()) + "'" : ""));
        }
        return parsed;
    }

    /** A member as JSON text (metadata): {@code null} when absent, {@code "{}"} when null. */
    private String json(JsonNode data, String member) {
        JsonNode value = data.get(member);
        if (value == null) {
            return null;
        }
        if (value.isNull()) {
            return "{}";
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("data." + member + " cannot be written back as JSON");
        }
    }

    private static String abbreviated(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
