package io.laas.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Which answers count for a window and how their latency is taken. Closed loop: answers that arrive
 * within the measured part, latency from when the request was sent. Open loop: requests that were due
 * within the measured part, however late they are answered, latency from when they were due, so the
 * time a request spent waiting behind a stall counts (coordinated omission corrected). Each request
 * counts one latency and, as its {@link Outcome} says, the transactions (a bulk: its items; a read: one)
 * it accepted and the items it refused. Not thread-safe: one event loop feeds it.
 */
public final class WindowCounter {

    static final long HIGHEST_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(5);
    public static final int CREATED = 201;
    /** The status recorded for a request that got no answer (connection error, timeout). */
    public static final int NO_ANSWER = 0;

    private final long measureFromNanos;
    private final long measureUntilNanos;
    private final boolean openLoop;
    private final Histogram latencyMicros = new Histogram(HIGHEST_LATENCY_MICROS, 3);
    private final Map<Integer, Long> errorsByStatus = new TreeMap<>();
    private long transactions;
    private long requests;

    public WindowCounter(long measureFromNanos, long measureUntilNanos, boolean openLoop) {
        this.measureFromNanos = measureFromNanos;
        this.measureUntilNanos = measureUntilNanos;
        this.openLoop = openLoop;
    }

    /** A single post's answer: 201 is a transaction posted, anything else an error of that status. */
    public void answered(long fromNanos, long answeredNanos, int status) {
        answered(fromNanos, answeredNanos, status == CREATED ? Outcome.ONE_ACCEPTED : Outcome.refused(status, 1));
    }

    /**
     * @param fromNanos closed loop: when the request was sent; open loop: when it was due
     * @param answeredNanos when its answer (or failure) arrived
     */
    public void answered(long fromNanos, long answeredNanos, Outcome outcome) {
        long countedAt = openLoop ? fromNanos : answeredNanos;
        if (countedAt < measureFromNanos || countedAt >= measureUntilNanos) {
            return;
        }
        latencyMicros.recordValue(Math.max(0, Math.min(HIGHEST_LATENCY_MICROS, (answeredNanos - fromNanos) / 1_000)));
        requests++;
        transactions += outcome.accepted();
        outcome.refused().forEach((status, items) -> errorsByStatus.merge(status, items, Long::sum));
    }

    /** Requests answered (or failed) within the measured part, whatever their outcome. */
    public long requests() {
        return requests;
    }

    public long transactions() {
        return transactions;
    }

    public Map<Integer, Long> errorsByStatus() {
        return new TreeMap<>(errorsByStatus);
    }

    public Histogram latencyMicros() {
        return latencyMicros.copy();
    }

    public double measuredSeconds() {
        return (measureUntilNanos - measureFromNanos) / 1e9;
    }
}
