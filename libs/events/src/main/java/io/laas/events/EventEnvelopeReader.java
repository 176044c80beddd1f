package io.laas.events;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the LaaS event envelope (docs/architecture.md, "Events") from a Kafka record in the shape of
 * Debezium's Outbox Event Router, whether the built-in relay or Debezium published it:
 * <ul>
 * <li>the value is the envelope JSON object, or a JSON string holding it (what Debezium's
 * {@code JsonConverter} emits for a {@code jsonb} payload), or the converter's
 * {@code {"schema": ..., "payload": ...}} form of either;</li>
 * <li>the envelope's own {@code event_id}, {@code event_type} and {@code ledger_id} win; the headers
 * {@code id} and {@code eventType} and the record key fill in what it lacks. A header may arrive
 * JSON-quoted ({@code "\"2f0c…\""}) when a JSON header converter wrote it.</li>
 * </ul>
 * Anything else is a {@link PoisonEventException} naming the field and the value at fault. The reader
 * knows nothing of event types: what {@code data} holds is the consumer's business.
 */
public final class EventEnvelopeReader {

    public static final String ID_HEADER = "id";
    public static final String EVENT_TYPE_HEADER = "eventType";

    private final ObjectMapper mapper;

    public EventEnvelopeReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public EventEnvelope read(ConsumerRecord<String, String> record) {
        return read(record.value(), record.key(), header(record.headers(), ID_HEADER),
                header(record.headers(), EVENT_TYPE_HEADER));
    }

    /**
     * Reads a value with the key and header values it came with ({@code null} where absent), e.g. a stored
     * copy of a record being processed again.
     */
    public EventEnvelope read(String value, String key, String idHeader, String eventTypeHeader) {
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("the record has no value");
        }
        String json = value;
        JsonNode root = tree(value, "the value is not JSON: ");
        if (isConverterEnvelope(root)) {
            JsonNode payload = root.get("payload");
            json = payload.isTextual() ? payload.asText() : payload.toString();
            root = payload;
        }
        if (root.isTextual()) {
            json = root.asText();
            root = tree(json, "the value is a JSON string that does not hold JSON: ");
        }
        if (!root.isObject()) {
            throw new PoisonEventException("the value is not a JSON object but " + describe(root));
        }
        ObjectNode body = (ObjectNode) root;
        UUID eventId = uuid(body, "event_id", idHeader, "header id");
        String eventType = text(body, "event_type", eventTypeHeader, "header eventType");
        UUID ledgerId = uuid(body, "ledger_id", key, "record key");
        return new EventEnvelope(eventId, eventType, ledgerId, sequence(body.get("sequence")),
                EventFields.timestamp(body, "recorded_at"), epoch(body.get("epoch")), body, json);
    }

    /** The header's value as text, unquoted when a JSON header converter wrote it; {@code null} when absent or empty. */
    public String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.UTF_8).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            try {
                value = mapper.readValue(value, String.class);
            } catch (JsonProcessingException e) {
                value = value.substring(1, value.length() - 1);
            }
        }
        return value.isEmpty() ? null : value;
    }

    private JsonNode tree(String text, String problem) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new PoisonEventException(problem + "it is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PoisonEventException(problem + e.getOriginalMessage());
        }
    }

    /** Debezium's JsonConverter with {@code schemas.enable=true}: {@code {"schema": {...}, "payload": ...}}. */
    private static boolean isConverterEnvelope(JsonNode root) {
        return root.isObject() && root.size() == 2 && root.path("schema").isObject() && root.has("payload")
                && (root.get("payload").isTextual() || root.get("payload").isObject());
    }

    private static String text(ObjectNode body, String field, String fallback, String fallbackName) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (fallback == null || fallback.isBlank()) {
                throw new PoisonEventException(field + " is missing (and so is the " + fallbackName + ")");
            }
            return fallback;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new PoisonEventException(field + " is not a non-empty string but " + describe(node));
        }
        return node.asText();
    }

    private static UUID uuid(ObjectNode body, String field, String fallback, String fallbackName) {
        String value = text(body, field, fallback, fallbackName);
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(field + " is not a UUID: " + EventFields.quote(value));
        }
    }

    private static Long sequence(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else if (node.isTextual() && node.asText().matches("[0-9]{1,18}")) {
            value = Long.parseLong(node.asText());
        } else {
            throw new PoisonEventException("sequence is not a positive integer: " + describe(node));
        }
        if (value < 1) {
            throw new PoisonEventException("sequence is not a positive integer: " + value);
        }
        return value;
    }

    /** Events written before epochs existed carry none: they belong to the first. */
    private static long epoch(JsonNode node) {
        if (node == null || node.isNull()) {
            return Epochs.FIRST;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
            throw new PoisonEventException("epoch is not a positive integer: " + describe(node));
        }
        return node.asLong();
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case NUMBER -> "the number " + node.asText();
            case STRING -> "the string " + EventFields.quote(node.asText());
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
