package io.laas.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports made up for the tests: a floor of 1,000 tx/s and windows chosen per test. */
final class SampleReports {

    static final RunInfo RUN = new RunInfo("abc1234", false, "Test CPU, 8 GB RAM", 2, "2026-01-01T00:00:00Z", "--quick",
            false, 0);

    private SampleReports() {
    }

    static List<FloorMeasurement> floors() {
        return List.of(
                new FloorMeasurement("seq", "per commit", "seq.sql", 16, 1, 1000, 10, 0, 0.5),
                new FloorMeasurement("hot", "hot", "hot.sql", 16, 1, 1000, 14, 0, 0.5),
                new FloorMeasurement("seq4", "four", "seq4.sql", 16, 1, 800, 12, 0, 0.6),
                new FloorMeasurement("ledgers10", "ten", "ledgers10.sql", 16, 1, 2000, 7, 0, 0.3),
                new FloorMeasurement("batch50", "batch", "batch50.sql", 2, 50, 12000, 8, 0, 0.2));
    }

    static Measurement closed(String route, String workload, int connections, double txPerSecond) {
        return closed(route + "-" + workload + "-c" + connections, route, workload, connections, txPerSecond);
    }

    static Measurement closed(String id, String route, String workload, int connections, double txPerSecond) {
        return new Measurement(id, workload + ", " + route + ", " + connections + " conn.", workload, route, "closed",
                connections, 0, 0, 20, Math.round(txPerSecond * 20), 0, txPerSecond, new Percentiles(100, 5, 9, 12, 30),
                cpu(1.0), 3.5, 0.2, rss(200), 40, 150, Math.round(txPerSecond * 20), new Percentiles(Math.round(txPerSecond * 20), 80, 150, 200, 300),
                floorOf(workload));
    }

    /** Bulk posts of 100 via the gateway: {@code txPerSecond} transactions in a hundredth as many requests. */
    static Measurement bulk(boolean atomic, int connections, double txPerSecond) {
        String workload = atomic ? "bulk-atomic" : "bulk";
        return new Measurement("gateway-bulk100" + (atomic ? "-atomic" : "") + "-c" + connections,
                "uniform, " + (atomic ? "atomic " : "") + "bulk of 100, gateway, " + connections + " conn.", workload,
                "gateway", "closed", connections, 0, 0, 20, Math.round(txPerSecond * 20), 0, txPerSecond,
                new Percentiles(Math.round(txPerSecond * 20 / 100), 40, 70, 90, 120), cpu(0.5), 1.5, 0.1, rss(220), 900,
                2500, Math.round(txPerSecond * 20), new Percentiles(Math.round(txPerSecond * 20), 500, 900, 1000, 1100), "seq");
    }

    /** Reads of one account, straight to the projector or via the gateway. */
    static Measurement read(String route, int connections, double perSecond, double p50) {
        return new Measurement(route + "-read-account-c" + connections, "account by code, " + route + ", " + connections
                + " conn.", "read-account", route, "closed", connections, 0, 0, 20, Math.round(perSecond * 20), 0,
                perSecond, new Percentiles(Math.round(perSecond * 20), p50, 2 * p50, 3 * p50, 4 * p50), cpu(0.4), 1.4, 0.1,
                rss(205), 0, 0, 0, Percentiles.NONE, null);
    }

    /** The newest page of transactions of the small (uniform) ledger. */
    static Measurement readTransactions(String route, int connections, double perSecond) {
        return new Measurement(route + "-read-transactions-c" + connections, "newest 20 transactions, " + route + ", "
                + connections + " conn.", "read-transactions", route, "closed", connections, 0, 0, 20,
                Math.round(perSecond * 20), 0, perSecond, new Percentiles(Math.round(perSecond * 20), 3, 6, 9, 20),
                cpu(0.4), 1.4, 0.1, rss(205), 0, 0, 0, Percentiles.NONE, null);
    }

    /** A window of the read-scale phase. */
    static Measurement readScale(String workload, String route, int connections, double perSecond, double p50,
            double p99) {
        return new Measurement(route + "-" + workload + "-c" + connections, workload.substring("read-scale-".length())
                + ", " + route + ", " + connections + " conn.", workload, route, "closed", connections, 0, 0, 10,
                Math.round(perSecond * 10), 0, perSecond, new Percentiles(Math.round(perSecond * 10), p50, 2 * p50, p99,
                        2 * p99), cpu(0.8), 1.6, 0.1, rss(210), 0, 0, 0, Percentiles.NONE, null);
    }

    /** A seeded read-scale ledger of a million transactions; the reports not available. */
    static ReadScaleSummary readScaleSummary(List<ReadScaleSummary.Unavailable> unavailable) {
        return new ReadScaleSummary("bench-reads", 1_000_000, 10_025, 10_000, 100_000, 1_000_000, 4, 31, 250, 42.5, 12,
                unavailable);
    }

    static List<ReadScaleSummary.Unavailable> reportsNotDeployed() {
        return List.of(new ReadScaleSummary.Unavailable("gateway-read-scale-trial-balance-c2", "trial balance, gateway, 2 conn.",
                "read-scale-trial-balance", 404),
                new ReadScaleSummary.Unavailable("gateway-read-scale-balance-sheet-c2", "balance sheet, gateway, 2 conn.",
                        "read-scale-balance-sheet", 404),
                new ReadScaleSummary.Unavailable("gateway-read-scale-income-statement-c2",
                        "income statement, gateway, 2 conn.", "read-scale-income-statement", 404));
    }

    static BenchReport report(List<Measurement> measurements, ReadScaleSummary readScale) {
        return new BenchReport(RUN, floors(), new ArrayList<>(measurements), List.of(), List.of(), readScale);
    }

    static Measurement open(double fraction, double p99, double webhookP50) {
        return new Measurement("gateway-uniform-open" + Math.round(fraction * 100), "open " + fraction, "uniform",
                "gateway", "open", 64, fraction, 500, 20, 10_000, 0, 500, new Percentiles(10_000, 4, 10, p99, 80),
                cpu(1.2), 4.0, 0.2, rss(210), 5, 90, 10_000, new Percentiles(5_000, webhookP50, 2 * webhookP50, 3 * webhookP50, 900),
                "seq");
    }

    static Measurement withRss(Measurement m, String process, long mb) {
        Map<String, Long> rss = new LinkedHashMap<>(m.rssMb());
        rss.put(process, mb);
        return new Measurement(m.id(), m.label(), m.workload(), m.route(), m.loop(), m.connections(), m.peakFraction(),
                m.offeredRate(), m.seconds(), m.transactions(), m.errors(), m.txPerSecond(), m.latency(), m.cpuMsPerTx(),
                m.totalCpuMsPerTx(), m.generatorCpuMsPerTx(), rss, m.maxLagEvents(), m.catchUpMs(), m.committedEvents(),
                m.webhook(), m.floor());
    }

    static Measurement withCatchUp(Measurement m, double catchUpMs) {
        return new Measurement(m.id(), m.label(), m.workload(), m.route(), m.loop(), m.connections(), m.peakFraction(),
                m.offeredRate(), m.seconds(), m.transactions(), m.errors(), m.txPerSecond(), m.latency(), m.cpuMsPerTx(),
                m.totalCpuMsPerTx(), m.generatorCpuMsPerTx(), m.rssMb(), m.maxLagEvents(), catchUpMs, m.committedEvents(),
                m.webhook(), m.floor());
    }

    static BenchReport report(List<Measurement> measurements, List<String> problems) {
        return new BenchReport(RUN, floors(), new ArrayList<>(measurements), problems, List.of());
    }

    static BenchReport report(RunInfo run, List<Measurement> measurements) {
        return new BenchReport(run, floors(), new ArrayList<>(measurements), List.of(), List.of());
    }

    private static Map<String, Double> cpu(double each) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String process : MarkdownReport.PROCESSES) {
            cpu.put(process, each / 2);
        }
        return cpu;
    }

    private static Map<String, Long> rss(long each) {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (String process : MarkdownReport.PROCESSES) {
            rss.put(process, each);
        }
        return rss;
    }

    private static String floorOf(String workload) {
        return switch (workload) {
            case "uniform" -> "seq";
            case "hot" -> "hot";
            case "four-postings" -> "seq4";
            case "ten-ledgers" -> "ledgers10";
            default -> null;
        };
    }
}
