package io.laas.local.cli;

import java.time.Duration;

/**
 * How long the supervisor waits before restarting a service that died: {@code initial} after the first failure,
 * doubling with each further failure in a row, at most {@code max}. A service that has been ready for
 * {@code resetAfter} starts again from {@code initial} when it next dies.
 */
public record RestartBackoff(Duration initial, Duration max, Duration resetAfter) {

    /** 1 s, 2 s, 4 s, … 30 s; back to 1 s after a minute of running. */
    public static final RestartBackoff DEFAULT = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(1));

    public RestartBackoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || resetAfter.isNegative()) {
            throw new IllegalArgumentException("need 0 < initial <= max and resetAfter >= 0");
        }
    }

    /** The wait before the restart that follows the {@code failuresInARow}-th failure (1 for the first). */
    public Duration delay(int failuresInARow) {
        if (failuresInARow < 1) {
            throw new IllegalArgumentException("failuresInARow starts at 1: " + failuresInARow);
        }
        // beyond 2^20 * initial every sensible cap has been reached; the shift must not overflow
        int doublings = Math.min(failuresInARow - 1, 20);
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** Whether a service ready for {@code runningFor} has earned a fresh start of the backoff. */
    public boolean resets(Duration runningFor) {
        return runningFor.compareTo(resetAfter) >= 0;
    }
}
