package io.laas.webhook.common;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of a cursor-paginated list; {@code next_cursor} is {@code null} on the last page. */
@RegisterForReflection
public record Page<T>(List<T> data, String nextCursor) {
}
