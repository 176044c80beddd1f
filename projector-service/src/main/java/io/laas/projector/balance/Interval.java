package io.laas.projector.balance;

import java.time.Duration;

import io.laas.web.problem.ProblemException;

/** The length of the intervals of a balance history. */
public enum Interval {
    HOUR("hour", Duration.ofHours(1)), DAY("day", Duration.ofDays(1));

    /** What an unknown value is told. */
    public static final String MESSAGE = "must be day or hour";

    private final String value;
    private final Duration length;

    Interval(String value, Duration length) {
        this.value = value;
        this.length = length;
    }

    public String value() {
        return value;
    }

    public Duration length() {
        return length;
    }

    /** The {@code interval} query parameter: {@link #DAY} when absent or blank, else 400 VALIDATION_FAILED. */
    public static Interval parse(String raw) {
        Interval found = find(raw);
        if (found == null) {
            throw ProblemException.validation("interval", MESSAGE);
        }
        return found;
    }

    /** The {@code interval} query parameter: {@link #DAY} when absent or blank, {@code null} when unknown. */
    public static Interval find(String raw) {
        if (raw == null || raw.isBlank()) {
            return DAY;
        }
        for (Interval value : values()) {
            if (value.value.equals(raw)) {
                return value;
            }
        }
        return null;
    }
}
