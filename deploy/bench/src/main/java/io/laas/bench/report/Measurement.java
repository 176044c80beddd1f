package io.laas.bench.report;

import java.util.Map;

/**
 * One measured window of API load.
 *
 * @param id stable key of the configuration (e.g. {@code gateway-uniform-c16}), to compare runs
 * @param workload {@code uniform}, {@code hot}, {@code four-postings} or {@code ten-ledgers} (single posts);
 *        {@code bulk} or {@code bulk-atomic} (uniform transactions posted in bulk requests);
 *        {@code read-account} or {@code read-transactions} (reads of the projection); {@code read-scale-…}
 *        (reads of the read-scale ledger: statements, balances as of a time, reports, lists)
 * @param route {@code gateway}, {@code command} (straight to ledger-command-service) or {@code projector}
 *        (straight to projector-service)
 * @param loop {@code closed} (each connection sends its next request when the last is answered) or
 *        {@code open} (requests sent at a fixed rate, latency from the intended send time)
 * @param peakFraction open loop: the offered rate as a fraction of the peak closed-loop rate; 0 otherwise
 * @param transactions transactions posted within the window (single posts answered 201, bulk items answered
 *        201); a read window: reads answered 200
 * @param errors transactions (bulk items, reads) refused, or not answered at all
 * @param latency milliseconds, one value per request (a bulk: the whole request); open loop: corrected for
 *        coordinated omission
 * @param cpuMsPerTx CPU milliseconds per transaction (a read window: per read) of each process (group) of the stack
 * @param totalCpuMsPerTx the sum over the stack; the load generator is not included
 * @param generatorCpuMsPerTx the load generator's own CPU (webhook receiver included)
 * @param rssMb largest resident set of each process (group) during the window
 * @param maxLagEvents largest number of events the projection was behind the write side, sampled each second
 * @param catchUpMs time from the end of the load until the projection had every event; negative if it never did
 * @param committedEvents events of the window's ledgers recorded during the measured part: those its webhook
 *        figures are about (a bulk's first answers carry items committed before the measured part, its last
 *        requests items committed in it but answered after, so the transactions are no measure of them)
 * @param webhook milliseconds from commit ({@code recorded_at}) to the first delivery of each event committed in the window
 * @param floor id of the {@link FloorMeasurement} this window is compared with, or null
 */
public record Measurement(String id, String label, String workload, String route, String loop, int connections,
        double peakFraction, double offeredRate, double seconds, long transactions, long errors, double txPerSecond,
        Percentiles latency, Map<String, Double> cpuMsPerTx, double totalCpuMsPerTx, double generatorCpuMsPerTx,
        Map<String, Long> rssMb, long maxLagEvents, double catchUpMs, long committedEvents, Percentiles webhook,
        String floor) {

    public boolean isClosedLoop() {
        return "closed".equals(loop);
    }

    /** A window of reads: its "transactions" are reads answered 200. */
    public boolean isRead() {
        return workload.startsWith("read-");
    }

    /** A window of the read-scale phase: reads of the big ledger ({@code read-scale-…}). */
    public boolean isReadScale() {
        return workload.startsWith("read-scale-");
    }

    /** A window of bulk posts: its transactions are the items posted, its latency that of whole requests. */
    public boolean isBulk() {
        return workload.startsWith("bulk");
    }

    /** Requests per second: one latency was recorded for each request of the measured part. */
    public double requestsPerSecond() {
        return seconds > 0 ? latency.count() / seconds : 0;
    }

    /** The same window with the webhook latencies known later (deliveries that arrived after it ended). */
    public Measurement withWebhook(Percentiles latencies) {
        return new Measurement(id, label, workload, route, loop, connections, peakFraction, offeredRate, seconds,
                transactions, errors, txPerSecond, latency, cpuMsPerTx, totalCpuMsPerTx, generatorCpuMsPerTx, rssMb,
                maxLagEvents, catchUpMs, committedEvents, latencies, floor);
    }
}
