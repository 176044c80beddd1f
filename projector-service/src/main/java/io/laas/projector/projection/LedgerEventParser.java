package io.laas.projector.projection;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import io.laas.projector.projection.LedgerEvent.EventData;
import io.laas.projector.projection.LedgerEvent.PostingData;
import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.projection.LedgerEvent.AssetDeclared;
import io.laas.projector.projection.LedgerEvent.Unknown;

/**
 * Reads ledger events: the envelope with the shared reader of {@code libs/events} (raw or string-wrapped
 * value; headers and key fill in the identity), then the data of the event types this projector builds
 * read models from. {@link LedgerEvent#raw()} is the envelope with its identity written in, so a parked
 * copy reads back on its own.
 */
@ApplicationScoped
public class LedgerEventParser {

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
            case LedgerEvent.TRANSACTION_POSTED -> transactionPosted(data, recordedAt);
            case LedgerEvent.ASSET_DECLARED -> assetDeclared(data, recordedAt);
            default -> new Unknown();
        };
        return new LedgerEvent(envelope.eventId(), envelope.eventType(), envelope.ledgerId(), sequence, recordedAt,
                eventData, envelope.completedJson());
    }

    private static AccountCreated accountCreated(JsonNode data, OffsetDateTime recordedAt) {
        UUID accountId = EventFields.requiredUuid(data, "data.account_id");
        String code = EventFields.requiredText(data, "data.code");
        String type = EventFields.requiredText(data, "data.type").toLowerCase(Locale.ROOT);
        String currency = EventFields.requiredText(data, "data.currency");
        String name = EventFields.text(data, "data.name");
        OffsetDateTime createdAt = EventFields.timestamp(data, "data.created_at");
        return new AccountCreated(accountId, code, name == null ? code : name, type, currency, scale(data, false),
                createdAt == null ? recordedAt : createdAt);
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

    private TransactionPosted transactionPosted(JsonNode data, OffsetDateTime recordedAt) {
        UUID transactionId = EventFields.requiredUuid(data, "data.transaction_id");
        String currency = EventFields.requiredText(data, "data.currency");
        OffsetDateTime occurredAt = EventFields.timestamp(data, "data.occurred_at");
        JsonNode metadata = data.get("metadata");
        String metadataJson;
        try {
            metadataJson = metadata == null || metadata.isNull() ? "{}" : mapper.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("data.metadata cannot be written back as JSON");
        }
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
            String direction = EventFields.requiredText(p, at + "direction").toLowerCase(Locale.ROOT);
            if (!direction.equals("debit") && !direction.equals("credit")) {
                throw new PoisonEventException(at + "direction is neither debit nor credit: '" + direction + "'");
            }
            String postingCurrency = EventFields.text(p, at + "currency");
            postings.add(new PostingData(accountId, accountCode, direction,
                    EventFields.requiredDecimal(p, at + "amount"), postingCurrency == null ? currency : postingCurrency));
        }
        return new TransactionPosted(transactionId, EventFields.text(data, "data.external_id"),
                EventFields.text(data, "data.idempotency_key"), currency,
                occurredAt == null ? recordedAt : occurredAt, metadataJson, List.copyOf(postings));
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
