package io.laas.ledger.common.rest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.web.problem.ProblemException;
import io.vertx.core.json.JsonObject;

/**
 * The request fields several resources share, each read into its value or into an entry of the
 * request's error list, so that one 400 {@code VALIDATION_FAILED} can name every problem at once.
 */
public final class RequestFields {

    /** Largest metadata, as UTF-8 bytes of its JSON (16 KiB), so that every event fits every hop. */
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");

    private RequestFields() {
    }

    /** Metadata as a JSON object (empty when absent or null), or {@code null} after recording the error. */
    public static JsonObject metadata(String field, JsonNode value, List<Map<String, String>> errors) {
        if (value == null || value.isNull()) {
            return new JsonObject();
        }
        if (!value.isObject()) {
            errors.add(error(field, "must be a JSON object"));
            return null;
        }
        String json = value.toString();
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            errors.add(error(field, "must be at most " + MAX_METADATA_BYTES + " bytes of JSON"));
            return null;
        }
        if (json.contains("\\u0000")) {
            errors.add(error(field, "must not contain the NUL character (\\u0000)"));
            return null;
        }
        return new JsonObject(json);
    }

    /**
     * An RFC 3339 date-time with offset as an instant at microseconds (what the database keeps), {@code null}
     * when absent, or {@code null} after recording the error.
     */
    public static Instant instant(String field, String value, List<Map<String, String>> errors) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            errors.add(error(field, "must be an RFC 3339 date-time with offset, e.g. 2024-01-01T12:00:00Z"));
            return null;
        }
    }

    /** A decimal string such as "100.00" (may be negative), or {@code null} after recording the error. */
    public static BigDecimal decimal(String field, JsonNode value, List<Map<String, String>> errors) {
        if (!value.isTextual() || !DECIMAL.matcher(value.textValue()).matches()) {
            errors.add(error(field, "must be a decimal string such as \"100.00\""));
            return null;
        }
        return new BigDecimal(value.textValue());
    }

    public static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    public static ProblemException invalid(List<Map<String, String>> errors) {
        return new ProblemException(400, "VALIDATION_FAILED", "Bad Request", "The request is not valid.",
                Map.of("errors", errors));
    }
}
