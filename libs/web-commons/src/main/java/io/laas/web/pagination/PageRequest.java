package io.laas.web.pagination;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import io.laas.web.problem.ProblemException;

/**
 * A validated {@code limit} and decoded {@code cursor} of a list request. Cursors are opaque to clients:
 * base64url of a kind prefix and the key of the last row of the previous page, so a cursor of one list
 * is not accepted by another. An absent or blank {@code limit} means the default page size and an absent
 * or blank {@code cursor} means the first page.
 *
 * @param limit page size, between 1 and the list's maximum
 * @param after key of the last row of the previous page, or {@code null} for the first page
 */
public record PageRequest(int limit, String after) {

    static final String INVALID_CURSOR = "is not a cursor returned by this list";

    /** Validates the raw {@code limit} and {@code cursor} query parameters of a list of the given kind. */
    public static PageRequest of(String limit, String cursor, String kind, int defaultLimit, int maxLimit) {
        return new PageRequest(parseLimit(limit, defaultLimit, maxLimit), decode(cursor, kind));
    }

    /** The opaque cursor that continues a list of the given kind after the row with this key. */
    public static String encode(String kind, String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The 400 problem for a cursor whose key the list cannot use. */
    /** A cursor key that is a number (a sequence, a position), or 400 INVALID_CURSOR. */
    public static long numericKey(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw invalidCursor();
        }
    }

    public static ProblemException invalidCursor() {
        return ProblemException.validation("cursor", INVALID_CURSOR);
    }

    /**
     * Builds a page from {@code limit + 1} fetched rows: the extra row only says that there is more, and
     * {@code cursorOf} turns the last row of the page into the cursor of the next one.
     */
    public <T> Page<T> page(List<T> rows, Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> data = rows.subList(0, limit);
        return new Page<>(List.copyOf(data), cursorOf.apply(data.get(data.size() - 1)));
    }

    private static int parseLimit(String raw, int defaultLimit, int maxLimit) {
        if (raw == null || raw.isBlank()) {
            return defaultLimit;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw invalidLimit(maxLimit);
        }
        if (limit < 1 || limit > maxLimit) {
            throw invalidLimit(maxLimit);
        }
        return limit;
    }

    private static ProblemException invalidLimit(int maxLimit) {
        return ProblemException.validation("limit", "must be an integer between 1 and " + maxLimit);
    }

    private static String decode(String cursor, String kind) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
        String prefix = kind + ":";
        if (!decoded.startsWith(prefix) || decoded.length() == prefix.length()) {
            throw invalidCursor();
        }
        return decoded.substring(prefix.length());
    }
}
