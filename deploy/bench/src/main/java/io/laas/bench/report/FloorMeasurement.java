package io.laas.bench.report;

/**
 * One pgbench run of the SQL floor.
 *
 * @param perCommit transactions per database commit (1, or 50 for the batch scripts)
 * @param txPerSecond ledger transactions per second (pgbench's TPS times {@code perCommit})
 * @param latencyMs pgbench's average latency of one script run
 * @param postgresCpuMsPerTx PostgreSQL's CPU milliseconds per ledger transaction (pgbench itself not included)
 */
public record FloorMeasurement(String id, String label, String script, int clients, int perCommit, double txPerSecond,
        double latencyMs, long failed, double postgresCpuMsPerTx) {
}
