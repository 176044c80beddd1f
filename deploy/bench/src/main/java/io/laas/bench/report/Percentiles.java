package io.laas.bench.report;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, from a histogram of microseconds; infinite: never arrived. */
public record Percentiles(long count, double p50, double p95, double p99, double max) {

    public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0);

    public static Percentiles ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Percentiles(micros.getTotalCount(), millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(95)), millis(micros.getValueAtPercentile(99)),
                millis(micros.getMaxValue()));
    }

    /**
     * Percentiles over {@code expected} events of which only those in the histogram arrived: the others,
     * slower than any that arrived, count as infinitely late (a percentile they decide is infinite).
     */
    public static Percentiles ofMicros(Histogram micros, long expected) {
        long count = micros.getTotalCount();
        if (count >= expected) {
            return ofMicros(micros);
        }
        double share = 100.0 * count / expected;
        return new Percentiles(count, within(micros, 50, share), within(micros, 95, share), within(micros, 99, share),
                Double.POSITIVE_INFINITY);
    }

    private static double within(Histogram micros, double percentile, double share) {
        return percentile > share ? Double.POSITIVE_INFINITY
                : millis(micros.getValueAtPercentile(percentile * 100 / share));
    }

    private static double millis(long micros) {
        return micros / (double) TimeUnit.MILLISECONDS.toMicros(1);
    }
}
