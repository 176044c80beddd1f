package io.laas.webhook.common;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import io.laas.web.pagination.PageRequest;

/**
 * Position in a list ordered by (timestamp, id): the key of a page cursor, written as
 * {@code <timestamp>|<id>} inside the opaque cursor of {@link PageRequest}.
 */
public record CursorKey(Instant at, UUID id) {

    /** The opaque cursor that continues a list of the given kind after this position. */
    public String cursor(String kind) {
        return PageRequest.encode(kind, at + "|" + id);
    }

    /** The position a decoded cursor key names, {@code null} for the first page; 400 when it is not one. */
    public static CursorKey parse(String key) {
        if (key == null) {
            return null;
        }
        int bar = key.indexOf('|');
        if (bar < 0) {
            throw PageRequest.invalidCursor();
        }
        try {
            return new CursorKey(Instant.parse(key.substring(0, bar)), UUID.fromString(key.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw PageRequest.invalidCursor();
        }
    }
}
