package io.laas.projector.common;

import java.util.List;

/** One page of a cursor-paginated list; {@code next_cursor} is {@code null} on the last page. */
public record Page<T>(List<T> data, String nextCursor) {
}
