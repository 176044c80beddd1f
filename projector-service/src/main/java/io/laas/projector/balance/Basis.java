package io.laas.projector.balance;

import io.laas.web.problem.ProblemException;

/**
 * The time a balance, a statement or a history is taken on. {@link #EFFECTIVE}: when entries count (a
 * transaction's {@code occurred_at}, a commit's or void's own time), so a back-dated transaction changes past
 * balances. {@link #RECORDED}: when the ledger recorded them, so a balance as of a time is what the ledger
 * showed then.
 */
public enum Basis {
    EFFECTIVE("effective"), RECORDED("recorded");

    /** What an unknown value is told. */
    public static final String MESSAGE = "must be effective or recorded";

    private final String value;

    Basis(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The {@code basis} query parameter: {@link #EFFECTIVE} when absent or blank, else 400 VALIDATION_FAILED. */
    public static Basis parse(String raw) {
        Basis found = find(raw);
        if (found == null) {
            throw ProblemException.validation("basis", MESSAGE);
        }
        return found;
    }

    /** The {@code basis} query parameter: {@link #EFFECTIVE} when absent or blank, {@code null} when unknown. */
    public static Basis find(String raw) {
        if (raw == null || raw.isBlank()) {
            return EFFECTIVE;
        }
        for (Basis value : values()) {
            if (value.value.equals(raw)) {
                return value;
            }
        }
        return null;
    }
}
