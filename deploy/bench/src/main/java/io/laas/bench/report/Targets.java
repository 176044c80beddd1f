package io.laas.bench.report;

import static io.laas.bench.report.Numbers.decimal;
import static io.laas.bench.report.Numbers.whole;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The speed targets LaaS is held to, judged against one run. Missing a target never fails the run
 * (only a consistency problem does); each gets a verdict next to the measured value.
 */
public final class Targets {

    public static final double GATEWAY_MIN_RATIO = 1.0;
    public static final double GATEWAY_AIM_RATIO = 3.0;
    public static final double COMMAND_MIN_RATIO = 2.0;
    public static final double HOT_MIN_RATIO = 1.0;
    public static final double OPEN_LOOP_P99_MAX_MS = 25;
    public static final double CATCH_UP_MAX_MS = 1000;
    public static final double WEBHOOK_P50_MAX_MS = 250;
    public static final long SERVICE_RSS_MAX_MB = 300;
    public static final double PRELOADED_MIN_RATIO = 0.9;
    /** Bulk posting against the best closed loop of single posts, both through the gateway. */
    public static final double BULK_MIN_RATIO = 1.0;
    /** Reads through the gateway against reads straight to the projector, with the same connections. */
    public static final double READ_MIN_RATIO = 0.6;
    public static final long PRELOAD_GOAL_EVENTS = 1_000_000;
    /** The services whose memory is held to {@link #SERVICE_RSS_MAX_MB} (PostgreSQL and Kafka are not). */
    public static final List<String> SERVICES = List.of("gateway", "iam", "command", "projector", "webhook");

    private Targets() {
    }

    public static List<TargetResult> evaluate(BenchReport report) {
        List<TargetResult> results = new ArrayList<>();
        results.add(gatewayUniform(report));
        results.add(ratioTarget(report, "Command service direct, uniform",
                "≥ %s× the per-commit floor".formatted(decimal(COMMAND_MIN_RATIO)), COMMAND_MIN_RATIO,
                peak(report, closed("command", "uniform"))));
        results.add(ratioTarget(report, "Hot account via gateway",
                "≥ %s× the hot per-commit floor".formatted(decimal(HOT_MIN_RATIO)), HOT_MIN_RATIO,
                peak(report, closed("gateway", "hot"))));
        results.add(bulk(report));
        results.add(reads(report));
        results.add(openLoopP99(report));
        results.add(catchUp(report));
        results.add(webhookP50(report));
        results.add(serviceMemory(report));
        results.add(preloaded(report));
        return results;
    }

    private static TargetResult gatewayUniform(BenchReport report) {
        String name = "Gateway, uniform";
        String goal = "≥ %s× the per-commit floor (aim %s×)".formatted(decimal(GATEWAY_MIN_RATIO), decimal(GATEWAY_AIM_RATIO));
        Optional<Measurement> best = peak(report, closed("gateway", "uniform"));
        Optional<Double> ratio = best.flatMap(report::ratioToFloor);
        if (ratio.isEmpty()) {
            return notMeasured(name, goal);
        }
        Measurement m = best.get();
        String aim = ratio.get() >= GATEWAY_AIM_RATIO ? "aim reached" : "aim not reached";
        String measured = "%s× (%s tx/s at %d connections; %s ms CPU per tx in total; %s)".formatted(
                decimal(ratio.get()), whole(m.txPerSecond()), m.connections(), decimal(m.totalCpuMsPerTx()), aim);
        return new TargetResult(name, goal, ratio.get(), measured, atLeast(ratio.get(), GATEWAY_MIN_RATIO));
    }

    private static TargetResult ratioTarget(BenchReport report, String name, String goal, double threshold,
            Optional<Measurement> best) {
        Optional<Double> ratio = best.flatMap(report::ratioToFloor);
        if (ratio.isEmpty()) {
            return notMeasured(name, goal);
        }
        Measurement m = best.get();
        String measured = "%s× (%s tx/s at %d connections; %s ms CPU per tx in total)".formatted(decimal(ratio.get()),
                whole(m.txPerSecond()), m.connections(), decimal(m.totalCpuMsPerTx()));
        return new TargetResult(name, goal, ratio.get(), measured, atLeast(ratio.get(), threshold));
    }

    private static TargetResult bulk(BenchReport report) {
        String name = "Bulk posting via gateway, uniform";
        String goal = "≥ %s× the throughput of concurrent single posts through the gateway (best closed-loop gateway window)"
                .formatted(decimal(BULK_MIN_RATIO));
        Optional<Measurement> bulk = peak(report, m -> m.isClosedLoop() && m.route().equals("gateway")
                && m.workload().equals("bulk"));
        Optional<Measurement> single = peak(report, closed("gateway", "uniform"));
        if (bulk.isEmpty() || single.isEmpty() || single.get().txPerSecond() <= 0) {
            return notMeasured(name, goal);
        }
        Measurement b = bulk.get();
        double ratio = b.txPerSecond() / single.get().txPerSecond();
        String atomic = peak(report, m -> m.isClosedLoop() && m.route().equals("gateway")
                && m.workload().equals("bulk-atomic"))
                .map(a -> "; atomic: %s tx/s".formatted(whole(a.txPerSecond()))).orElse("");
        String measured = "%s× (%s tx/s in %s requests/s at %d connections, against %s tx/s of single posts at %d "
                + "connections%s)";
        return new TargetResult(name, goal, ratio, measured.formatted(decimal(ratio), whole(b.txPerSecond()),
                decimal(b.requestsPerSecond()), b.connections(), whole(single.get().txPerSecond()),
                single.get().connections(), atomic), atLeast(ratio, BULK_MIN_RATIO));
    }

    /**
     * Reads of one account: the gateway at the connection count where the projector alone read the most,
     * against that peak of the projector.
     */
    private static TargetResult reads(BenchReport report) {
        String name = "Reads via gateway, one account";
        String goal = "≥ %d%% of the projector's own rate (same connections)".formatted(Math.round(READ_MIN_RATIO * 100));
        Optional<Measurement> direct = peak(report, read("projector", "read-account"));
        Optional<Measurement> gateway = direct.flatMap(d -> report.measurements().stream()
                .filter(read("gateway", "read-account")).filter(m -> m.connections() == d.connections()).findFirst());
        if (direct.isEmpty() || gateway.isEmpty() || direct.get().txPerSecond() <= 0) {
            return notMeasured(name, goal);
        }
        Measurement d = direct.get();
        Measurement g = gateway.get();
        double ratio = g.txPerSecond() / d.txPerSecond();
        String measured = "%d%% (%s req/s against %s req/s straight to the projector at %d connections; p50 %s against %s ms)"
                .formatted(Math.round(ratio * 100), whole(g.txPerSecond()), whole(d.txPerSecond()), d.connections(),
                        decimal(g.latency().p50()), decimal(d.latency().p50()));
        return new TargetResult(name, goal, ratio, measured, atLeast(ratio, READ_MIN_RATIO));
    }

    private static Predicate<Measurement> read(String route, String workload) {
        return m -> m.isClosedLoop() && m.isRead() && m.route().equals(route) && m.workload().equals(workload);
    }

    private static TargetResult openLoopP99(BenchReport report) {
        String name = "Open loop at half the peak rate, via gateway";
        String goal = "p99 ≤ %s ms".formatted(decimal(OPEN_LOOP_P99_MAX_MS));
        Optional<Measurement> half = halfPeak(report);
        if (half.isEmpty() || half.get().latency().count() == 0) {
            return notMeasured(name, goal);
        }
        Measurement m = half.get();
        double p99 = m.latency().p99();
        String measured = "p99 %s ms (p50 %s ms at %s req/s offered)".formatted(decimal(p99), decimal(m.latency().p50()),
                whole(m.offeredRate()));
        return new TargetResult(name, goal, p99, measured, atMost(p99, OPEN_LOOP_P99_MAX_MS));
    }

    private static TargetResult catchUp(BenchReport report) {
        String name = "Projection caught up after load stops";
        String goal = "≤ %s s".formatted(decimal(CATCH_UP_MAX_MS / 1000));
        // reads commit nothing for the projection to catch up with
        List<Measurement> windows = report.measurements().stream().filter(m -> !m.isRead()).toList();
        if (windows.isEmpty()) {
            return notMeasured(name, goal);
        }
        Optional<Measurement> never = windows.stream().filter(m -> m.catchUpMs() < 0).findFirst();
        if (never.isPresent()) {
            return new TargetResult(name, goal, Double.POSITIVE_INFINITY,
                    "not caught up within the wait after " + never.get().label(), Verdict.SHORT);
        }
        Measurement worst = windows.stream().max(Comparator.comparingDouble(Measurement::catchUpMs)).orElseThrow();
        String measured = "worst %s ms (after %s)".formatted(whole(worst.catchUpMs()), worst.label());
        return new TargetResult(name, goal, worst.catchUpMs(), measured, atMost(worst.catchUpMs(), CATCH_UP_MAX_MS));
    }

    private static TargetResult webhookP50(BenchReport report) {
        String name = "Webhook first attempt after commit, at half the peak rate";
        String goal = "p50 ≤ %s ms".formatted(decimal(WEBHOOK_P50_MAX_MS));
        Optional<Measurement> half = halfPeak(report).filter(m -> m.transactions() > 0);
        if (half.isEmpty()) {
            return notMeasured(name, goal);
        }
        Percentiles webhook = half.get().webhook();
        if (Double.isInfinite(webhook.p50())) {
            return new TargetResult(name, goal, webhook.p50(),
                    "more than half of the window's webhooks had not arrived when the run ended", Verdict.SHORT);
        }
        String measured = "p50 %s ms (p99 %s ms)".formatted(decimal(webhook.p50()), decimal(webhook.p99()));
        return new TargetResult(name, goal, webhook.p50(), measured, atMost(webhook.p50(), WEBHOOK_P50_MAX_MS));
    }

    private static TargetResult serviceMemory(BenchReport report) {
        String name = "Memory of each service under load";
        String goal = "RSS ≤ %d MB".formatted(SERVICE_RSS_MAX_MB);
        Map<String, Long> largest = largestRss(report);
        if (largest.isEmpty()) {
            return notMeasured(name, goal);
        }
        long worst = largest.values().stream().mapToLong(Long::longValue).max().orElse(0);
        StringBuilder measured = new StringBuilder();
        largest.forEach((service, mb) -> measured.append(measured.isEmpty() ? "" : ", ").append(service).append(' ')
                .append(mb));
        measured.append(" MB");
        return new TargetResult(name, goal, worst, measured.toString(), atMost(worst, SERVICE_RSS_MAX_MB));
    }

    /** The largest RSS of each service over every window, in {@link #SERVICES} order. */
    public static Map<String, Long> largestRss(BenchReport report) {
        Map<String, Long> largest = new LinkedHashMap<>();
        for (String service : SERVICES) {
            report.measurements().stream().map(m -> m.rssMb().get(service)).filter(mb -> mb != null)
                    .max(Long::compare).ifPresent(mb -> largest.put(service, mb));
        }
        return largest;
    }

    private static TargetResult preloaded(BenchReport report) {
        long events = report.run().preloadedEvents();
        String name = events > 0 ? "With %s events preloaded, via gateway".formatted(whole(events))
                : "With %s events preloaded, via gateway".formatted(whole(PRELOAD_GOAL_EVENTS));
        String goal = "≥ %s× the throughput of the empty store".formatted(decimal(PRELOADED_MIN_RATIO));
        Optional<Measurement> after = report.measurements().stream().filter(m -> m.id().endsWith("-preloaded")).findFirst();
        if (after.isEmpty()) {
            return notMeasured(name, goal + " (run with --preload " + PRELOAD_GOAL_EVENTS + ")");
        }
        String beforeId = after.get().id().substring(0, after.get().id().length() - "-preloaded".length());
        Optional<Measurement> before = report.measurements().stream().filter(m -> m.id().equals(beforeId)).findFirst();
        if (before.isEmpty() || before.get().txPerSecond() <= 0) {
            return notMeasured(name, goal);
        }
        double ratio = after.get().txPerSecond() / before.get().txPerSecond();
        String measured = "%s× (%s tx/s against %s tx/s)".formatted(decimal(ratio), whole(after.get().txPerSecond()),
                whole(before.get().txPerSecond()));
        return new TargetResult(name, goal, ratio, measured, atLeast(ratio, PRELOADED_MIN_RATIO));
    }

    /** The closed-loop window of the route and workload with the most transactions per second. */
    public static Optional<Measurement> peak(BenchReport report, Predicate<Measurement> which) {
        return report.measurements().stream().filter(which).max(Comparator.comparingDouble(Measurement::txPerSecond));
    }

    public static Predicate<Measurement> closed(String route, String workload) {
        return m -> m.isClosedLoop() && m.route().equals(route) && m.workload().equals(workload)
                && !m.id().endsWith("-preloaded");
    }

    private static Optional<Measurement> halfPeak(BenchReport report) {
        return report.measurements().stream()
                .filter(m -> !m.isClosedLoop() && m.route().equals("gateway") && Math.abs(m.peakFraction() - 0.5) < 1e-9)
                .findFirst();
    }

    static Verdict atLeast(double value, double threshold) {
        return value >= threshold ? Verdict.PASS : Verdict.SHORT;
    }

    static Verdict atMost(double value, double threshold) {
        return value <= threshold ? Verdict.PASS : Verdict.SHORT;
    }

    private static TargetResult notMeasured(String name, String goal) {
        return new TargetResult(name, goal, Double.NaN, "—", Verdict.NOT_MEASURED);
    }
}
