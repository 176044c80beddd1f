package io.laas.webhook.endpoint.rest;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.events.EventTypes;
import io.laas.web.problem.ProblemException;
import io.laas.webhook.delivery.WebhookSignature;
import io.laas.webhook.endpoint.CustomHeaders;

/**
 * Reads the fields of an endpoint's registration or merge patch, each into its value or into an entry of the
 * request's error list, so that one 400 {@code VALIDATION_FAILED} names every field at fault and nothing is
 * written. A field absent from the JSON is Java {@code null}; a field given as JSON {@code null} is a
 * {@link JsonNode#isNull() null node}.
 */
final class EndpointFields {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 500;
    static final int MAX_EVENT_TYPES = 50;
    static final int MIN_SECRET_BYTES = 24;
    static final int MAX_SECRET_BYTES = 64;

    private final List<Map<String, String>> errors = new ArrayList<>();

    String url(JsonNode value) {
        String url = text("url", value, MAX_URL_LENGTH);
        if (url != null && url.isBlank()) {
            add("url", "must not be blank");
            return null;
        }
        return url;
    }

    String description(JsonNode value) {
        return text("description", value, MAX_DESCRIPTION_LENGTH);
    }

    /** Subscriptions: known event types, {@code *} or {@code <family>.*}; JSON null means none (every type). */
    List<String> eventTypes(JsonNode value) {
        if (value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            add("event_types", "must be an array of event types");
            return null;
        }
        if (value.size() > MAX_EVENT_TYPES) {
            add("event_types", "at most " + MAX_EVENT_TYPES + " event types");
            return null;
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode entry = value.get(i);
            String field = "event_types[" + i + "]";
            if (!entry.isTextual()) {
                add(field, "must be a string");
            } else if (!EventTypes.isSubscription(entry.textValue().strip())) {
                add(field, unknownType(entry.textValue()));
            } else {
                types.add(entry.textValue().strip());
            }
        }
        return new ArrayList<>(types);
    }

    /** The event types of a registration (already strings of 1-100 characters): each must be a subscription. */
    void checkEventTypes(List<String> values) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value != null && !EventTypes.isSubscription(value.strip())) {
                add("event_types[" + i + "]", unknownType(value));
            }
        }
    }

    Boolean bool(String field, JsonNode value) {
        if (!value.isBoolean()) {
            add(field, "must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    /** Custom headers, replaced whole: JSON null means none. */
    Map<String, String> headers(JsonNode value) {
        if (value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            add("headers", "must be an object of header names to values");
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        boolean typed = true;
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) value::fields) {
            if (!entry.getValue().isTextual()) {
                add("headers." + entry.getKey(), "must be a string");
                typed = false;
            } else {
                headers.put(entry.getKey(), entry.getValue().textValue());
            }
        }
        List<CustomHeaders.Fault> faults = CustomHeaders.faults(headers);
        faults.forEach(fault -> add(fault.field(), fault.message()));
        return typed && faults.isEmpty() ? Collections.unmodifiableMap(headers) : null;
    }

    /** A whole number from 1 to {@code max}; empty for JSON null (not set). */
    Optional<Integer> positive(String field, JsonNode value, int max) {
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1 || value.intValue() > max) {
            add(field, "must be a whole number from 1 to " + max + ", or null");
            return null;
        }
        return Optional.of(value.intValue());
    }

    /** A signing secret chosen by the client: {@code whsec_} and the base64 of 24 to 64 random bytes. */
    String secret(String value) {
        if (value == null) {
            return null;
        }
        String fault = "must be whsec_ followed by the base64 of " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES
                + " bytes";
        if (!value.startsWith(WebhookSignature.SECRET_PREFIX)) {
            add("secret", fault);
            return null;
        }
        try {
            int bytes = Base64.getDecoder().decode(value.substring(WebhookSignature.SECRET_PREFIX.length())).length;
            if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
                add("secret", fault);
                return null;
            }
        } catch (IllegalArgumentException e) {
            add("secret", fault);
            return null;
        }
        return value;
    }

    void add(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        errors.add(Collections.unmodifiableMap(error));
    }

    /** Throws 400 {@code VALIDATION_FAILED} listing every fault recorded, if there is any. */
    void check() {
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "VALIDATION_FAILED", "Bad Request", "The request is not valid.",
                    Map.of("errors", List.copyOf(errors)));
        }
    }

    private String text(String field, JsonNode value, int max) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            add(field, "must be a string");
            return null;
        }
        if (value.textValue().length() > max) {
            add(field, "at most " + max + " characters");
            return null;
        }
        return value.textValue();
    }

    private static String unknownType(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return "'" + shown + "' is not a known event type, '*' or '<family>.*' (see the event catalogue)";
    }
}
