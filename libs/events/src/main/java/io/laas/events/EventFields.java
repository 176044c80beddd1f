package io.laas.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading typed fields of an event's JSON with poison reasons that name the field and the value at fault,
 * so that every consumer reports a bad event the same way. {@code name} is the field's path as the
 * reason should show it (e.g. {@code data.currency}); the last segment is the member read.
 */
public final class EventFields {

    private static final int QUOTED_MAX = 80;

    private EventFields() {
    }

    /** The member as text, or {@code null} when it is absent or null. Objects and arrays are poison. */
    public static String text(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(member(name));
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw new PoisonEventException(name + " is not a value but " + EventEnvelopeReader.describe(value));
        }
        return value.asText();
    }

    public static String requiredText(JsonNode node, String name) {
        String value = text(node, name);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException(name + " is missing");
        }
        return value;
    }

    public static UUID uuid(JsonNode node, String name) {
        String value = text(node, name);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(name + " is not a UUID: " + quote(value));
        }
    }

    public static UUID requiredUuid(JsonNode node, String name) {
        UUID value = uuid(node, name);
        if (value == null) {
            throw new PoisonEventException(name + " is missing");
        }
        return value;
    }

    /** An ISO-8601 timestamp with offset, in UTC; {@code null} when absent. */
    public static OffsetDateTime timestamp(JsonNode node, String name) {
        String value = text(node, name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new PoisonEventException(name + " is not an ISO-8601 timestamp: " + quote(value));
        }
    }

    /** An exact decimal from a string ("100.00") or a JSON number; never through floating point. */
    public static BigDecimal requiredDecimal(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(member(name));
        if (value == null || value.isNull() || !(value.isTextual() || value.isNumber())) {
            throw new PoisonEventException(name + " is missing or not a decimal");
        }
        try {
            return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            throw new PoisonEventException(name + " is not a decimal: " + quote(value.asText()));
        }
    }

    /** The value in quotes, shortened: a reason must stay readable when the value is a megabyte of garbage. */
    static String quote(String value) {
        String shown = value.length() > QUOTED_MAX ? value.substring(0, QUOTED_MAX) + "…" : value;
        return "'" + shown + "'";
    }

    private static String member(String name) {
        int dot = name.lastIndexOf('.');
        int bracket = name.lastIndexOf(']');
        return name.substring(Math.max(dot, bracket) + 1);
    }
}
