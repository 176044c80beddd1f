package io.laas.projector.balance.rest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.laas.projector.balance.AsOf;
import io.laas.projector.balance.Basis;
import io.laas.projector.balance.Interval;
import io.laas.web.problem.ProblemException;

/**
 * Reads the time parameters of balance reads ({@code as_of}, {@code from}, {@code to}): RFC 3339 date-times with
 * an offset, in UTC at microseconds (what the database keeps), as the command service reads request times. A
 * {@code +} of an offset that reached us as a space (an unencoded query) is read as {@code +}. Every problem is
 * collected, then answered at once as 400 VALIDATION_FAILED.
 */
public final class TimeParams {

    static final String FORMAT = "must be an RFC 3339 date-time with offset, e.g. 2024-01-01T12:00:00Z";

    private final List<Map<String, String>> errors = new ArrayList<>();

    /** The time, or {@code null} when absent (then an error if {@code required}) or invalid (an error). */
    public OffsetDateTime time(String field, String raw, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(raw.trim().replace(' ', '+'), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            error(field, FORMAT);
            return null;
        }
        if (time.getYear() < 1 || time.getYear() > 9999) {
            error(field, "must be between the years 0001 and 9999");
            return null;
        }
        return time;
    }

    /** The {@code basis} parameter ({@link Basis#EFFECTIVE} when absent), or {@code null} and an error. */
    public Basis basis(String raw) {
        Basis basis = Basis.find(raw);
        if (basis == null) {
            error("basis", Basis.MESSAGE);
        }
        return basis;
    }

    /** The {@code interval} parameter ({@link Interval#DAY} when absent), or {@code null} and an error. */
    public Interval interval(String raw) {
        Interval interval = Interval.find(raw);
        if (interval == null) {
            error("interval", Interval.MESSAGE);
        }
        return interval;
    }

    /**
     * The {@code as_of} and {@code basis} parameters of an account read: {@code null} without {@code as_of} (the
     * account as it is now), else the point to read the balances at; 400 VALIDATION_FAILED when either is invalid.
     */
    public static AsOf asOf(String asOf, String basis) {
        TimeParams params = new TimeParams();
        OffsetDateTime at = params.time("as_of", asOf, false);
        Basis on = params.basis(basis);
        params.check();
        return at == null ? null : new AsOf(at, on);
    }

    /** Checks that {@code to} is later than {@code from} when both were read. */
    public void range(OffsetDateTime from, OffsetDateTime to) {
        if (from != null && to != null && !to.isAfter(from)) {
            error("to", "must be later than from");
        }
    }

    public void error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        errors.add(error);
    }

    /** Throws 400 VALIDATION_FAILED listing every problem found, if any. */
    public void check() {
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "VALIDATION_FAILED", "Bad Request", "The request is not valid.",
                    Map.of("errors", List.copyOf(errors)));
        }
    }
}
