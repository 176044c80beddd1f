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
    /** Deliveries per second of a backlog after an outage of the webhook service. */
    public static final double WEBHOOK_DRAIN_MIN_PER_SECOND = 500;
    private static final String WEBHOOK_PHASE_HOW = " (the webhook phase did not run)";
    public static final long SERVICE_RSS_MAX_MB = 300;
    public static final double PRELOADED_MIN_RATIO = 0.9;
    /** Bulk posting against the best closed loop of single posts, both through the gateway. */
    public static final double BULK_MIN_RATIO = 1.0;
    /** Reads through the gateway against reads straight to the projector, with the same connections. */
    public static final double READ_MIN_RATIO = 0.6;
    public static final long PRELOAD_GOAL_EVENTS = 1_000_000;
    /** Statements and balances as of a time of one account with {@link #STATEMENT_GOAL_POSTINGS} postings. */
    public static final double ACCOUNT_READ_P99_MAX_MS = 50;
    /** Reports over {@link #REPORT_GOAL_ACCOUNTS} accounts. */
    public static final double REPORT_P99_MAX_MS = 1000;
    /** The transaction list on a ledger of {@link #READ_SCALE_GOAL_TRANSACTIONS} against the small ledger's. */
    public static final double LIST_AT_SCALE_MIN_RATIO = 0.8;
    public static final long READ_SCALE_GOAL_TRANSACTIONS = 1_000_000;
    public static final long STATEMENT_GOAL_POSTINGS = 100_000;
    public static final long REPORT_GOAL_ACCOUNTS = 10_000;
    public static final List<String> STATEMENT_WORKLOADS = List.of("read-scale-statement-1d", "read-scale-statement-7d");
    public static final List<String> AS_OF_WORKLOADS = List.of("read-scale-as-of-effective", "read-scale-as-of-recorded");
    public static final List<String> REPORT_WORKLOADS = List.of("read-scale-trial-balance", "read-scale-balance-sheet",
            "read-scale-income-statement");
    /** The unfiltered page of the read-scale ledger, compared with {@code read-transactions} of the small one. */
    public static final String LIST_AT_SCALE_WORKLOAD = "read-scale-transactions";
    private static final String READ_SCALE_HOW = " (run with --read-scale-transactions " + READ_SCALE_GOAL_TRANSACTIONS
            + ")";
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
        results.add(statementAtScale(report));
        results.add(asOfAtScale(report));
        results.add(reportsAtScale(report));
        results.add(listAtScale(report));
        results.add(webhookFanOut(report));
        results.add(webhookNextToSlow(report));
        results.add(webhookDrain(report));
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

    private static TargetResult statementAtScale(BenchReport report) {
        String name = "Statement of an account with %s postings".formatted(whole(statementPostings(report)));
        String goal = "p99 ≤ %s ms (pages of 100 lines, random 1- and 7-day periods)".formatted(
                decimal(ACCOUNT_READ_P99_MAX_MS));
        return worstP99(report, name, goal, STATEMENT_WORKLOADS, ACCOUNT_READ_P99_MAX_MS);
    }

    private static TargetResult asOfAtScale(BenchReport report) {
        String name = "Balance as of a time, account with %s postings".formatted(whole(statementPostings(report)));
        String goal = "p99 ≤ %s ms (random times, effective and recorded basis)".formatted(decimal(ACCOUNT_READ_P99_MAX_MS));
        return worstP99(report, name, goal, AS_OF_WORKLOADS, ACCOUNT_READ_P99_MAX_MS);
    }

    private static TargetResult reportsAtScale(BenchReport report) {
        ReadScaleSummary scale = report.readScale();
        String name = "Reports over %s accounts".formatted(whole(scale.ran() ? scale.accounts() : REPORT_GOAL_ACCOUNTS));
        String goal = "p99 ≤ %s s (trial balance, balance sheet, income statement)".formatted(
                decimal(REPORT_P99_MAX_MS / 1000));
        List<ReadScaleSummary.Unavailable> missing = scale.unavailable().stream()
                .filter(u -> REPORT_WORKLOADS.contains(u.workload())).toList();
        boolean measured = report.measurements().stream().anyMatch(m -> REPORT_WORKLOADS.contains(m.workload()));
        if (!measured && !missing.isEmpty()) {
            return new TargetResult(name, goal, Double.NaN, unavailable(missing), Verdict.NOT_MEASURED);
        }
        TargetResult worst = worstP99(report, name, goal, REPORT_WORKLOADS, REPORT_P99_MAX_MS);
        return missing.isEmpty() || worst.verdict() == Verdict.NOT_MEASURED ? worst
                : new TargetResult(name, goal, worst.value(), worst.measured() + "; " + unavailable(missing),
                        worst.verdict());
    }

    private static String unavailable(List<ReadScaleSummary.Unavailable> windows) {
        return String.join(", ", windows.stream().map(u -> u.label() + ": " + u.text()).toList());
    }

    /**
     * The unfiltered page of transactions on the read-scale ledger against the same page of the small
     * ledger's read window, same route and connections; judged on the lower of the two routes' ratios.
     */
    private static TargetResult listAtScale(BenchReport report) {
        ReadScaleSummary scale = report.readScale();
        String name = "Transaction list with %s transactions in the ledger".formatted(
                whole(scale.ran() ? scale.transactions() : READ_SCALE_GOAL_TRANSACTIONS));
        String goal = "≥ %d%% of the throughput on the small ledger (same page, route and connections)".formatted(
                Math.round(LIST_AT_SCALE_MIN_RATIO * 100));
        List<String> parts = new ArrayList<>();
        double lowest = Double.POSITIVE_INFINITY;
        for (String route : List.of("gateway", "projector")) {
            Optional<Measurement> big = report.measurements().stream().filter(read(route, LIST_AT_SCALE_WORKLOAD)).findFirst();
            Optional<Measurement> small = big.flatMap(b -> report.measurements().stream()
                    .filter(read(route, "read-transactions")).filter(m -> m.connections() == b.connections()).findFirst());
            if (big.isEmpty() || small.isEmpty() || small.get().txPerSecond() <= 0) {
                continue;
            }
            double ratio = big.get().txPerSecond() / small.get().txPerSecond();
            lowest = Math.min(lowest, ratio);
            parts.add("%d%% %s (%s req/s against %s req/s at %d connections)".formatted(Math.round(ratio * 100),
                    route.equals("gateway") ? "via gateway" : "straight to the projector", whole(big.get().txPerSecond()),
                    whole(small.get().txPerSecond()), big.get().connections()));
        }
        if (parts.isEmpty()) {
            return notMeasured(name, goal + (scale.ran() ? "" : READ_SCALE_HOW));
        }
        List<String> filtered = report.measurements().stream()
                .filter(m -> m.isReadScale() && m.workload().startsWith(LIST_AT_SCALE_WORKLOAD + "-"))
                .map(m -> "%s %s req/s, p99 %s ms".formatted(m.workload().substring(LIST_AT_SCALE_WORKLOAD.length() + 1),
                        whole(m.txPerSecond()), decimal(m.latency().p99())))
                .toList();
        String measured = String.join("; ", parts) + (filtered.isEmpty() ? "" : "; filtered: " + String.join(", ", filtered));
        return new TargetResult(name, goal, lowest, measured, atLeast(lowest, LIST_AT_SCALE_MIN_RATIO));
    }

    private static TargetResult webhookFanOut(BenchReport report) {
        WebhookFanOutSummary hooks = report.webhookFanOut();
        String name = "Webhook fan-out, %s tx/s to %d endpoints".formatted(whole(hooks.ran() ? hooks.rate() : 100),
                hooks.ran() ? hooks.endpoints() : 10);
        String goal = "first attempt p50 ≤ %s ms after commit".formatted(decimal(WEBHOOK_P50_MAX_MS));
        if (!hooks.ran() || hooks.steady().count() == 0) {
            return notMeasured(name, goal + (hooks.ran() ? "" : WEBHOOK_PHASE_HOW));
        }
        Percentiles p = hooks.steady();
        String measured = "p50 %s ms, p99 %s ms (%s signed deliveries/s)".formatted(decimal(p.p50()), decimal(p.p99()),
                whole(hooks.steadyDeliveriesPerSecond()));
        return new TargetResult(name, goal, p.p50(), measured, atMost(p.p50(), WEBHOOK_P50_MAX_MS));
    }

    private static TargetResult webhookNextToSlow(BenchReport report) {
        WebhookFanOutSummary hooks = report.webhookFanOut();
        String name = "Webhook fan-out next to an endpoint taking %s s per request".formatted(
                whole(hooks.ran() ? hooks.slowSeconds() : 10));
        String goal = "fast endpoints' first attempt p50 ≤ %s ms after commit".formatted(decimal(WEBHOOK_P50_MAX_MS));
        if (!hooks.ran() || hooks.withSlow().count() == 0) {
            return notMeasured(name, goal + (hooks.ran() ? "" : WEBHOOK_PHASE_HOW));
        }
        Percentiles p = hooks.withSlow();
        String measured = "p50 %s ms, p99 %s ms (without it: p50 %s ms)".formatted(decimal(p.p50()), decimal(p.p99()),
                decimal(hooks.steady().p50()));
        return new TargetResult(name, goal, p.p50(), measured, atMost(p.p50(), WEBHOOK_P50_MAX_MS));
    }

    private static TargetResult webhookDrain(BenchReport report) {
        WebhookFanOutSummary hooks = report.webhookFanOut();
        String name = "Webhook backlog of %s deliveries after an outage".formatted(
                whole(hooks.ran() ? hooks.backlog() : 10_000));
        String goal = "drains at ≥ %s deliveries/s".formatted(whole(WEBHOOK_DRAIN_MIN_PER_SECOND));
        if (!hooks.ran() || hooks.backlog() == 0) {
            return notMeasured(name, goal + (hooks.ran() ? "" : WEBHOOK_PHASE_HOW));
        }
        if (hooks.drainSeconds() < 0) {
            return new TargetResult(name, goal, 0, "not drained within the wait (%s missing)".formatted(
                    whole(hooks.missing())), Verdict.SHORT);
        }
        String measured = "%s deliveries/s (%s s from the resume)".formatted(whole(hooks.drainPerSecond()),
                decimal(hooks.drainSeconds()));
        return new TargetResult(name, goal, hooks.drainPerSecond(), measured,
                atLeast(hooks.drainPerSecond(), WEBHOOK_DRAIN_MIN_PER_SECOND));
    }

    private static long statementPostings(BenchReport report) {
        return report.readScale().ran() ? report.readScale().statementPostings() : STATEMENT_GOAL_POSTINGS;
    }

    /** The highest p99 of the windows of these workloads, each window's p50 and p99 in the text. */
    private static TargetResult worstP99(BenchReport report, String name, String goal, List<String> workloads,
            double maxMs) {
        List<Measurement> windows = report.measurements().stream()
                .filter(m -> workloads.contains(m.workload()) && m.latency().count() > 0).toList();
        if (windows.isEmpty()) {
            return notMeasured(name, goal + (report.readScale().ran() ? "" : READ_SCALE_HOW));
        }
        double worst = windows.stream().mapToDouble(m -> m.latency().p99()).max().orElseThrow();
        String each = String.join("; ", windows.stream().map(m -> "%s: p50 %s, p99 %s, max %s ms, %s req/s".formatted(
                m.label(), decimal(m.latency().p50()), decimal(m.latency().p99()), decimal(m.latency().max()),
                whole(m.txPerSecond()))).toList());
        return new TargetResult(name, goal, worst, "worst p99 %s ms (%s)".formatted(decimal(worst), each),
                atMost(worst, maxMs));
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
