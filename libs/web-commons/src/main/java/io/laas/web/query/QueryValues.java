package io.laas.web.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;

/**
 * Reads the query parameters of one list request into values, recording every problem instead of stopping at
 * the first, so that one 400 {@code VALIDATION_FAILED} names them all ({@link #check()}). A parameter absent
 * or given empty is {@code null}: no filter. Values are never trimmed or case-folded: {@code POSTED} is not
 * {@code posted}.
 */
public final class QueryValues {

    private static final int MAX_YEAR = 9999;

    private final List<Map<String, String>> errors = new ArrayList<>();

    /** The value, or {@code null} when absent or empty. */
    public String text(String raw) {
        return raw == null || raw.isEmpty() ? null : raw;
    }

    /** One of {@code allowed}, or {@code null} when absent or empty (or after recording the problem). */
    public String oneOf(String field, String raw, Collection<String> allowed) {
        String value = text(raw);
        if (value != null && !allowed.contains(value)) {
            add(field, "must be one of " + String.join(", ", allowed));
            return null;
        }
        return value;
    }

    /** A value matching {@code pattern}, or {@code null} when absent or empty (or after recording the problem). */
    public String matching(String field, String raw, Pattern pattern, String message) {
        String value = text(raw);
        if (value != null && !pattern.matcher(value).matches()) {
            add(field, message);
            return null;
        }
        return value;
    }

    /**
     * An RFC 3339 date-time with offset, or {@code null} when absent or empty (or after recording the problem).
     * A time between two microseconds is taken as the next one: stored times have microseconds, so a bound
     * {@code >= t} or {@code < t} selects the same rows either way. A space where the offset's {@code +} belongs
     * is read as {@code +}: an unencoded {@code +} in a query is decoded as a space.
     */
    public Instant instant(String field, String raw) {
        String value = text(raw);
        if (value == null) {
            return null;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(value.replace(' ', '+'), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            if (time.getYear() >= 1 && time.getYear() <= MAX_YEAR) {
                Instant instant = time.toInstant();
                Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
                return micros.equals(instant) ? micros : micros.plus(1, ChronoUnit.MICROS);
            }
        } catch (DateTimeParseException e) {
            // recorded below
        }
        add(field, "must be an RFC 3339 date-time with offset, e.g. 2024-01-01T12:00:00Z");
        return null;
    }

    /** Records a problem on {@code fromField} when both bounds are given and {@code from} is after {@code to}. */
    public void range(String fromField, Instant from, String toField, Instant to) {
        if (from != null && to != null && from.isAfter(to)) {
            add(fromField, "must not be after " + toField);
        }
    }

    /**
     * The parameters {@code family[key]=value} of the query, by key (sorted), each value as given (empty
     * included); {@link KnownQueryParametersFilter} has refused malformed names and repeated keys already.
     */
    public SortedMap<String, String> map(String family, Map<String, List<String>> query) {
        SortedMap<String, String> entries = new TreeMap<>();
        String prefix = family + "[";
        query.forEach((name, values) -> {
            if (name.startsWith(prefix) && name.endsWith("]") && name.length() > prefix.length() + 1
                    && values != null && !values.isEmpty()) {
                entries.put(name.substring(prefix.length(), name.length() - 1), values.get(0));
            }
        });
        return entries;
    }

    /**
     * The page of a list ({@link PageRequest#of}), or {@code null} after recording its problems ({@code limit},
     * {@code cursor}).
     */
    public PageRequest page(String limit, String cursor, String kind, int defaultLimit, int maxLimit) {
        PageRequest page = null;
        try {
            page = PageRequest.of(limit, null, kind, defaultLimit, maxLimit);
        } catch (ProblemException e) {
            merge(e);
        }
        try {
            PageRequest after = PageRequest.of(null, cursor, kind, defaultLimit, maxLimit);
            return page == null ? null : new PageRequest(page.limit(), after.after());
        } catch (ProblemException e) {
            merge(e);
            return null;
        }
    }

    public void add(String field, String message) {
        errors.add(error(field, message));
    }

    /** Throws 400 {@code VALIDATION_FAILED} listing every problem recorded, if there is any. */
    public void check() {
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return Collections.unmodifiableMap(error);
    }

    static ProblemException invalid(List<Map<String, String>> errors) {
        return new ProblemException(400, "VALIDATION_FAILED", "Bad Request", "The request is not valid.",
                Map.of("errors", List.copyOf(errors)));
    }

    @SuppressWarnings("unchecked")
    private void merge(ProblemException e) {
        Object listed = e.extensions().get("errors");
        if (!"VALIDATION_FAILED".equals(e.code()) || !(listed instanceof List<?>)) {
            throw e;
        }
        ((List<Map<String, String>>) listed).forEach(errors::add);
    }
}
