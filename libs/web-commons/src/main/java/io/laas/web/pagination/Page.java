package io.laas.web.pagination;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of a cursor-paginated list, rendered as {@code {"data": [...], "next_cursor": ...}};
 * {@code next_cursor} is {@code null} (and still present) on the last page.
 */
@RegisterForReflection
@JsonPropertyOrder({ "data", "next_cursor" })
public record Page<T>(@JsonProperty("data") List<T> data, @JsonProperty("next_cursor") String nextCursor) {
}
