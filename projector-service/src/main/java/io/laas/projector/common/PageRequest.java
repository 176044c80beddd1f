package io.laas.projector.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.laas.projector.config.ProjectorConfig;
import io.laas.web.problem.ProblemException;

/**
 * A validated {@code limit} and decoded {@code cursor} of a list request. Cursors are opaque to clients:
 * base64url of a kind prefix and the last key of the previous page, so a cursor of one list is not
 * accepted by another.
 */
public record PageRequest(int limit, String after) {

    public static PageRequest of(String limit, String cursor, String kind, ProjectorConfig.Pagination config) {
        return new PageRequest(parseLimit(limit, config), decode(cursor, kind));
    }

    public static String encode(String kind, String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static int parseLimit(String raw, ProjectorConfig.Pagination config) {
        if (raw == null) {
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

    private static String decode(String cursor, String kind) {
        if (cursor == null) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("cursor", "is not a cursor returned by this list");
        }
        String prefix = kind + ":";
        if (!decoded.startsWith(prefix) || decoded.length() == prefix.length()) {
            throw invalid("cursor", "is not a cursor returned by this list");
        }
        return decoded.substring(prefix.length());
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "VALIDATION_FAILED", "Bad Request", "The request is not valid.",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
