package io.laas.webhook.delivery.messaging;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.webhook.delivery.LedgerEvent;

/**
 * Reads an {@code outbox.event.ledger} record (Debezium Outbox Event Router shape: key = ledger id,
 * headers {@code id} and {@code eventType}, value = the envelope JSON). The envelope's fields win;
 * the key and headers fill in what it lacks. A value that Debezium's JSON converter delivered as a
 * JSON string holding the JSON is unwrapped.
 */
final class LedgerEventParser {

    private LedgerEventParser() {
    }

    static LedgerEvent parse(ConsumerRecord<String, String> record, ObjectMapper mapper) {
        String value = record.value();
        if (value == null || value.isBlank()) {
            throw new PoisonRecordException("the record has no value");
        }
        JsonNode envelope;
        try {
            envelope = mapper.readTree(value);
            if (envelope != null && envelope.isTextual()) {
                value = envelope.asText();
                envelope = mapper.readTree(value);
            }
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException("the value is not JSON: " + e.getOriginalMessage());
        }
        if (envelope == null || !envelope.isObject()) {
            throw new PoisonRecordException("the value is not a JSON object");
        }
        UUID eventId = uuid("event_id", text(envelope, "event_id", header(record, "id")));
        UUID ledgerId = uuid("ledger_id", text(envelope, "ledger_id", record.key()));
        String eventType = text(envelope, "event_type", header(record, "eventType"));
        if (eventType == null || eventType.isBlank()) {
            throw new PoisonRecordException("the event has no event_type");
        }
        return new LedgerEvent(eventId, ledgerId, eventType, value);
    }

    private static String text(JsonNode envelope, String field, String fallback) {
        JsonNode node = envelope.get(field);
        return node != null && node.isTextual() ? node.asText() : fallback;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.UTF_8).trim();
        // A JSON header converter wraps strings in quotes.
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static UUID uuid(String field, String value) {
        if (value == null) {
            throw new PoisonRecordException("the event has no " + field);
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(field + " is not a UUID: " + value);
        }
    }
}
