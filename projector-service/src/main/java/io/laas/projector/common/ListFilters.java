package io.laas.projector.common;

import java.util.SortedMap;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.UriInfo;

import io.laas.web.query.QueryValues;

/** The forms of the filters several lists share (docs/api.md, "Conventions"). */
public final class ListFilters {

    /** What an account code may be (1–64 of {@code A-Z a-z 0-9 _ . : -}), and so also a prefix of one. */
    public static final Pattern ACCOUNT_CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    public static final String ACCOUNT_CODE_MESSAGE = "must be 1-64 characters of A-Z a-z 0-9 _ . : -";
    public static final Pattern CURRENCY = Pattern.compile("[A-Z][A-Z0-9]{1,15}");
    public static final String CURRENCY_MESSAGE = "must be a currency code: 2-16 characters of A-Z 0-9, starting with a letter";

    private ListFilters() {
    }

    /**
     * The {@code metadata[key]=value} filters of the request, by key; a key or value with the NUL character,
     * which no metadata holds, is a problem of that parameter.
     */
    public static SortedMap<String, String> metadata(QueryValues query, UriInfo uri) {
        SortedMap<String, String> filters = query.map("metadata", uri.getQueryParameters());
        filters.forEach((key, value) -> {
            if (key.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                query.add("metadata[" + key + "]", "must not contain the NUL character");
            }
        });
        return filters;
    }
}
