package io.laas.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookFanOutReportTest {

    private static final Percentiles FAST = new Percentiles(30_000, 120, 200, 240, 900);
    private static final Percentiles NEXT_TO_SLOW = new Percentiles(30_000, 310, 500, 800, 2000);

    private static WebhookFanOutSummary summary(double drainSeconds, double drainPerSecond) {
        return new WebhookFanOutSummary(true, "bench-hooks", 10, 100, 30, FAST, 1000, 10, 30, NEXT_TO_SLOW, 10_000,
                drainSeconds, drainPerSecond, 2, 0);
    }

    private static BenchReport report(WebhookFanOutSummary hooks) {
        return new BenchReport(SampleReports.RUN, SampleReports.floors(), List.of(), List.of(), List.of(),
                ReadScaleSummary.NOT_RUN, hooks);
    }

    private static TargetResult target(BenchReport report, String namePrefix) {
        return Targets.evaluate(report).stream().filter(t -> t.name().startsWith(namePrefix)).findFirst().orElseThrow();
    }

    @Test
    void fanOutLatencyAndDrainRateAreJudgedAgainstTheirTargets() {
        BenchReport report = report(summary(25, 400));

        TargetResult fanOut = target(report, "Webhook fan-out, 100 tx/s to 10 endpoints");
        assertEquals(Verdict.PASS, fanOut.verdict());
        assertEquals(120, fanOut.value(), 1e-9);
        assertTrue(fanOut.measured().contains("p99 240 ms (1,000 signed deliveries/s)"), fanOut.measured());

        TargetResult slow = target(report, "Webhook fan-out next to an endpoint taking 10 s");
        assertEquals(Verdict.SHORT, slow.verdict());
        assertTrue(slow.measured().contains("without it: p50 120 ms"), slow.measured());

        TargetResult drain = target(report, "Webhook backlog of 10,000 deliveries");
        assertEquals(Verdict.SHORT, drain.verdict());
        assertTrue(drain.measured().startsWith("400 deliveries/s (25 s"), drain.measured());
        assertEquals(Verdict.PASS, target(report(summary(10, 1000)), "Webhook backlog").verdict());
    }

    @Test
    void aBacklogThatNeverDrainedIsShortAndAPhaseNotRunIsNotMeasured() {
        assertEquals(Verdict.SHORT, target(report(summary(-1, 0)), "Webhook backlog").verdict());
        BenchReport without = report(WebhookFanOutSummary.NOT_RUN);
        for (String name : List.of("Webhook fan-out, ", "Webhook fan-out next", "Webhook backlog")) {
            TargetResult target = target(without, name);
            assertEquals(Verdict.NOT_MEASURED, target.verdict());
            assertTrue(target.goal().contains("the webhook phase did not run"), target.goal());
        }
    }

    @Test
    void theReportHasASectionOfItsOwnAndResultsJsonCarriesTheFigures() throws Exception {
        BenchReport report = report(summary(12.5, 800));
        String markdown = MarkdownReport.render(report, Targets.evaluate(report), List.of(), java.util.Map.of());

        assertTrue(markdown.contains("### Webhook fan-out"), markdown);
        assertTrue(markdown.contains("| 10 endpoints, 30 s | 1,000 | 120 | 200 | 240 | 900 |"), markdown);
        assertTrue(markdown.contains("| backlog of 10,000 after the outage | 800 |"), markdown);
        assertTrue(markdown.contains("Repeated deliveries (by webhook-id): 2; never arrived: 0."), markdown);
        assertTrue(!MarkdownReport.render(report(WebhookFanOutSummary.NOT_RUN), List.of(), List.of(), java.util.Map.of())
                .contains("### Webhook fan-out"));

        java.nio.file.Path file = java.nio.file.Files.createTempDirectory("bench").resolve(ResultsJson.FILE);
        ResultsJson.write(file, report, Targets.evaluate(report));
        String json = java.nio.file.Files.readString(file);
        assertTrue(json.contains("\"webhook_fan_out\""), json);
        assertTrue(json.contains("\"drain_per_second\" : 800.0"), json);
    }
}
