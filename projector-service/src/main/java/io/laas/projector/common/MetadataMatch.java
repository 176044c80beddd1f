package io.laas.projector.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.vertx.core.json.Json;

/**
 * The {@code metadata[key]=value} filters of a list as JSON containment: a row matches when, for every key,
 * its metadata {@code @>} one of the key's candidates ({@code metadata @> ANY($n::jsonb[])}, which the GIN
 * index of the column answers). A value always matches the JSON string; one that is written as a JSON number,
 * {@code true}, {@code false} or {@code null} also matches that JSON value ({@code metadata[tier]=2} finds
 * {@code {"tier": 2}} and {@code {"tier": "2"}}; a number by value, so {@code 2.0} finds {@code 2} too). Only
 * top-level keys are compared; a key is taken as given (a dot is part of it, not a path).
 */
public final class MetadataMatch {

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]{1,3})?");
    /** Longest value read as a JSON number (exponents have at most 3 digits); longer ones match as strings only. */
    private static final int MAX_NUMBER_LENGTH = 64;

    private MetadataMatch() {
    }

    /** One array of JSON objects per key, in the keys' order: the candidates any of which the metadata must contain. */
    public static List<String[]> candidates(Map<String, String> filters) {
        List<String[]> all = new ArrayList<>(filters.size());
        filters.forEach((key, value) -> {
            String name = Json.encode(key);
            String asString = "{" + name + ":" + Json.encode(value) + "}";
            String literal = literal(value);
            all.add(literal == null ? new String[] { asString } : new String[] { asString, "{" + name + ":" + literal + "}" });
        });
        return all;
    }

    /** The value as the JSON literal it reads as (number, boolean, null), or {@code null} when it is only a string. */
    static String literal(String value) {
        if (value.equals("true") || value.equals("false") || value.equals("null")) {
            return value;
        }
        if (value.length() <= MAX_NUMBER_LENGTH && JSON_NUMBER.matcher(value).matches()) {
            return value;
        }
        return null;
    }
}
