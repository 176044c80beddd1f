package io.laas.bench.load;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one window of load measured.
 *
 * @param transactions transactions posted within the measured part (single posts answered 201, bulk items
 *        answered 201), or reads answered 200
 * @param requests requests answered (or failed) within the measured part: transactions for single posts
 * @param errorsByStatus transactions (a bulk: items) refused or unanswered, by status; 0 = no answer
 *        (connection error or timeout)
 * @param latencyMicros latencies of the measured requests; open loop: from the intended send time
 * @param loadStoppedNanos {@link System#nanoTime()} when the last request of the window was answered
 * @param errorSamples the first few error answers, for the console
 */
public record LoadResult(long transactions, long requests, Map<Integer, Long> errorsByStatus, Histogram latencyMicros,
        double measuredSeconds, long loadStoppedNanos, List<String> errorSamples) {

    public long errors() {
        return errorsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    public double transactionsPerSecond() {
        return measuredSeconds > 0 ? transactions / measuredSeconds : 0;
    }

    public double requestsPerSecond() {
        return measuredSeconds > 0 ? requests / measuredSeconds : 0;
    }
}
