package io.laas.webhook.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.laas.webhook.config.WebhookConfig;
import io.laas.web.problem.ProblemException;

/**
 * A validated {@code limit} and decoded {@code cursor} of a list request. Cursors are opaque to
 * clients: base64url of a kind prefix and the (timestamp, id) key of the last row of the previous
 * page, so a cursor of one list is not accepted by another.
 */
public record PageRequest(int limit, Key after) {

    /** Position in a list ordered by (timestamp, id). */
    public record Key(Instant at, UUID id) {
    }

    public static PageRequest of(String limit, String cursor, String kind, WebhookConfig.Pagination config) {
        return new PageRequest(parseLimit(limit, config), decode(cursor, kind));
    }

    public static String encode(String kind, Instant at, UUID id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Builds a page from {@code limit + 1} fetched rows: the extra row only says that there is more. */
    public <T> Page<T> page(List<T> rows, java.util.function.Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> data = rows.subList(0, limit);
        return new Page<>(List.copyOf(data), cursorOf.apply(data.get(data.size() - 1)));
    }

    private static int parseLimit(String raw, WebhookConfig.Pagination config) {
        if (raw == null || raw.isBlank()) {
            return config.defaultLimit();
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid("limit", "must be an integer between 1 and " + config.maxLimit());
        }
        if (limit < 1 || limit > config.maxLimit()) {
            throw invalid("limit", "must be an integer between 1 and " + config.maxLimit());
        }
        return limit;
    }

    private static Key decode(String cursor, String kind) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String prefix = kind + ":";
            int bar = decoded.indexOf('|');
            if (!decoded.startsWith(prefix) || bar < prefix.length()) {
                throw invalid("cursor", "is not a cursor returned by this list");
            }
            return new Key(Instant.parse(decoded.substring(prefix.length(), bar)),
                    UUID.fromString(decoded.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid("cursor", "is not a cursor returned by this list");
        }
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "VALIDATION_FAILED", "Bad Request", "The request is not valid.",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
