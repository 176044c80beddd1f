package io.laas.projector.projection;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.EventData;
import io.laas.projector.projection.LedgerEvent.PostingData;
import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.projection.LedgerEvent.Unknown;

/**
 * Reads the event envelope of docs/architecture.md. The Kafka headers {@code id} and {@code eventType}
 * stand in for {@code event_id} and {@code event_type} when the payload lacks them (Debezium's router
 * sets both headers).
 */
@ApplicationScoped
public class LedgerEventParser {

    private final ObjectMapper mapper;

    public LedgerEventParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public LedgerEvent parse(String value, String headerEventId, String headerEventType) {
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("the record has no value");
        }
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("the value is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new PoisonEventException("the value is not a JSON object");
        }
        UUID ledgerId = uuid(root, "ledger_id", null);
        if (ledgerId == null) {
            throw new PoisonEventException("ledger_id is missing or not a UUID");
        }
        long sequence = sequence(root.get("sequence"));
        UUID eventId = uuid(root, "event_id", headerEventId);
        if (eventId == null) {
            throw new PoisonEventException("event_id (or header id) is missing or not a UUID");
        }
        String eventType = text(root, "event_type");
        if (eventType == null) {
            eventType = headerEventType;
        }
        if (eventType == null || eventType.isBlank()) {
            throw new PoisonEventException("event_type (or header eventType) is missing");
        }
        OffsetDateTime recordedAt = timestamp(root, "recorded_at");
        if (recordedAt == null) {
            recordedAt = OffsetDateTime.now(ZoneOffset.UTC);
        }
        String raw = value;
        if (!root.hasNonNull("event_id") || !root.hasNonNull("event_type")) {
            // Keep what the headers supplied, so a parked copy can be read back on its own.
            ((ObjectNode) root).put("event_id", eventId.toString()).put("event_type", eventType);
            raw = root.toString();
        }
        JsonNode data = root.path("data");
        EventData eventData = switch (eventType) {
            case LedgerEvent.ACCOUNT_CREATED -> accountCreated(data, recordedAt);
            case LedgerEvent.TRANSACTION_POSTED -> transactionPosted(data, recordedAt);
            default -> new Unknown();
        };
        return new LedgerEvent(eventId, eventType, ledgerId, sequence, recordedAt, eventData, raw);
    }

    private AccountCreated accountCreated(JsonNode data, OffsetDateTime recordedAt) {
        UUID accountId = requiredUuid(data, "account_id");
        String code = required(data, "code");
        String type = required(data, "type").toLowerCase(Locale.ROOT);
        String currency = required(data, "currency");
        String name = text(data, "name");
        OffsetDateTime createdAt = timestamp(data, "created_at");
        return new AccountCreated(accountId, code, name == null ? code : name, type, currency,
                createdAt == null ? recordedAt : createdAt);
    }

    private TransactionPosted transactionPosted(JsonNode data, OffsetDateTime recordedAt) {
        UUID transactionId = requiredUuid(data, "transaction_id");
        String currency = required(data, "currency");
        OffsetDateTime occurredAt = timestamp(data, "occurred_at");
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
        for (JsonNode p : postingsNode) {
            UUID accountId = uuid(p, "account_id", null);
            String accountCode = text(p, "account_code");
            if (accountId == null && accountCode == null) {
                throw new PoisonEventException("a posting names no account (account_id or account_code)");
            }
            String direction = required(p, "direction").toLowerCase(Locale.ROOT);
            if (!direction.equals("debit") && !direction.equals("credit")) {
                throw new PoisonEventException("a posting has direction '" + direction + "'");
            }
            postings.add(new PostingData(accountId, accountCode, direction, amount(p.get("amount"))));
        }
        return new TransactionPosted(transactionId, text(data, "external_id"), text(data, "idempotency_key"),
                currency, occurredAt == null ? recordedAt : occurredAt, metadataJson, List.copyOf(postings));
    }

    private static long sequence(JsonNode node) {
        if (node != null && node.canConvertToExactIntegral() && node.canConvertToLong() && node.asLong() >= 1) {
            return node.asLong();
        }
        if (node != null && node.isTextual()) {
            try {
                long value = Long.parseLong(node.asText());
                if (value >= 1) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new PoisonEventException("sequence is missing or not a positive integer");
    }

    private static BigDecimal amount(JsonNode node) {
        if (node == null || node.isNull() || !(node.isTextual() || node.isNumber())) {
            throw new PoisonEventException("a posting has no amount");
        }
        try {
            return new BigDecimal(node.asText());
        } catch (NumberFormatException e) {
            throw new PoisonEventException("a posting amount is not a decimal: " + node.asText());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("data." + field + " is missing");
        }
        return value;
    }

    private static UUID uuid(JsonNode node, String field, String fallback) {
        String value = text(node, field);
        if (value == null) {
            value = fallback;
        }
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UUID requiredUuid(JsonNode node, String field) {
        UUID value = uuid(node, field, null);
        if (value == null) {
            throw new PoisonEventException("data." + field + " is missing or not a UUID");
        }
        return value;
    }

    private static OffsetDateTime timestamp(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new PoisonEventException(field + " is not an ISO-8601 timestamp: " + value);
        }
    }
}
