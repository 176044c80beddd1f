package io.laas.token.revocation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Reads a record of the credentials topic: the value is the payload IAM wrote to its outbox, as the relay
 * publishes it (a JSON object) or as Debezium's JSON converter does (a JSON string holding it, possibly inside
 * {@code {"schema", "payload"}}); the event type is the {@code eventType} header.
 */
public final class RevocationReader {

    public static final String CREDENTIAL_REVOKED = "credential.revoked";
    public static final String TOKEN_REVOKED = "token.revoked";

    private RevocationReader() {
    }

    /**
     * The revocation, or empty for an event type this reader does not know (a newer IAM may announce more).
     *
     * @throws IllegalArgumentException when a known event lacks a field or holds a malformed one
     */
    public static Optional<Revocation> read(String eventType, String value) {
        if (!CREDENTIAL_REVOKED.equals(eventType) && !TOKEN_REVOKED.equals(eventType)) {
            return Optional.empty();
        }
        JsonObject payload = payload(value);
        try {
            if (CREDENTIAL_REVOKED.equals(eventType)) {
                return Optional.of(new Revocation.SubjectRevoked(required(payload, "subject"),
                        Instant.parse(required(payload, "revoked_at")), payload.getString("reason")));
            }
            return Optional.of(new Revocation.TokenRevoked(required(payload, "jti"),
                    Instant.parse(required(payload, "expires_at"))));
        } catch (DateTimeParseException | ClassCastException e) {
            throw new IllegalArgumentException("malformed " + eventType + ": " + e.getMessage());
        }
    }

    private static JsonObject payload(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the record has no value");
        }
        try {
            Object decoded = Json.decodeValue(value);
            if (decoded instanceof String text) {
                decoded = Json.decodeValue(text);
            }
            if (decoded instanceof JsonObject object && object.containsKey("schema") && object.containsKey("payload")) {
                Object inner = object.getValue("payload");
                decoded = inner instanceof String text ? Json.decodeValue(text) : inner;
            }
            if (decoded instanceof JsonObject object) {
                return object;
            }
        } catch (DecodeException e) {
            throw new IllegalArgumentException("the value is not JSON");
        }
        throw new IllegalArgumentException("the value is not a JSON object");
    }

    private static String required(JsonObject payload, String field) {
        String value = payload.getString(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }
}
