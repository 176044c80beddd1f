package io.laas.bench.report;

import java.util.Map;

/**
 * One measured window of API load.
 *
 * @param id stable key of the configuration (e.g. {@code gateway-uniform-c16}), to compare runs
 * @param workload {@code uniform}, {@code hot}, {@code four-postings} or {@code ten-ledgers}
 * @param route {@code gateway} or {@code command} (straight to ledger-command-service)
 * @param loop {@code closed} (each connection sends its next request when the last is answered) or
 *        {@code open} (requests sent at a fixed rate, latency from the intended send time)
 * @param peakFraction open loop: the offered rate as a fraction of the peak closed-loop rate; 0 otherwise
 * @param transactions transactions answered 201 within the window
 * @param errors requests answered otherwise, or not at all
 * @param latency milliseconds; open loop: corrected for coordinated omission
 * @param cpuMsPerTx CPU milliseconds per transaction of each process (group) of the stack
 * @param totalCpuMsPerTx the sum over the stack; the load generator is not included
 * @param generatorCpuMsPerTx the load generator's own CPU (webhook receiver included)
 * @param rssMb largest resident set of each process (group) during the window
 * @param maxLagEvents largest number of events the projection was behind the write side, sampled each second
 * @param catchUpMs time from the end of the load until the projection had every event; negative if it never did
 * @param webhook milliseconds from commit ({@code recorded_at}) to the first delivery of each event committed in the window
 * @param floor id of the {@link FloorMeasurement} this window is compared with, or null
 */
public record Measurement(String id, String label, String workload, String route, String loop, int connections,
        double peakFraction, double offeredRate, double seconds, long transactions, long errors, double txPerSecond,
        Percentiles latency, Map<String, Double> cpuMsPerTx, double totalCpuMsPerTx, double generatorCpuMsPerTx,
        Map<String, Long> rssMb, long maxLagEvents, double catchUpMs, Percentiles webhook, String floor) {

    public boolean isClosedLoop() {
        return "closed".equals(loop);
    }

    /** The same window with the webhook latencies known later (deliveries that arrived after it ended). */
    public Measurement withWebhook(Percentiles latencies) {
        return new Measurement(id, label, workload, route, loop, connections, peakFraction, offeredRate, seconds,
                transactions, errors, txPerSecond, latency, cpuMsPerTx, totalCpuMsPerTx, generatorCpuMsPerTx, rssMb,
                maxLagEvents, catchUpMs, latencies, floor);
    }
}
