package io.laas.bench.load;

import java.util.concurrent.TimeUnit;

/**
 * The send times of an open-loop load: request {@code i} is due at {@code start + i / rate}, whatever
 * happened to the requests before it. Latency is measured from this intended time, not from when the
 * request could actually be sent, so a stall of the system under test counts against every request it
 * delayed (no coordinated omission).
 */
public final class OpenLoopSchedule {

    private final long startNanos;
    private final double ratePerSecond;

    public OpenLoopSchedule(long startNanos, double ratePerSecond) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        this.startNanos = startNanos;
        this.ratePerSecond = ratePerSecond;
    }

    /** When request {@code i} (from 0) is due. */
    public long intendedNanos(long i) {
        return startNanos + Math.round(i * TimeUnit.SECONDS.toNanos(1) / ratePerSecond);
    }

    /** How many requests are due by {@code nowNanos} (requests {@code 0 … n-1}). */
    public long dueBy(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        long due = (long) Math.floor((nowNanos - startNanos) * ratePerSecond / TimeUnit.SECONDS.toNanos(1)) + 1;
        // agree exactly with intendedNanos, whose rounding may differ from this estimate by one
        while (due > 0 && intendedNanos(due - 1) > nowNanos) {
            due--;
        }
        while (intendedNanos(due) <= nowNanos) {
            due++;
        }
        return due;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }
}
