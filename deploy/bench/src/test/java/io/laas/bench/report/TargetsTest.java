package io.laas.bench.report;

import static io.laas.bench.report.SampleReports.closed;
import static io.laas.bench.report.SampleReports.open;
import static io.laas.bench.report.SampleReports.readScale;
import static io.laas.bench.report.SampleReports.readScaleSummary;
import static io.laas.bench.report.SampleReports.readTransactions;
import static io.laas.bench.report.SampleReports.report;
import static io.laas.bench.report.SampleReports.reportsNotDeployed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TargetsTest {

    private static TargetResult target(BenchReport report, String namePrefix) {
        return Targets.evaluate(report).stream().filter(t -> t.name().startsWith(namePrefix)).findFirst().orElseThrow();
    }

    @Test
    void theGatewayIsJudgedByItsBestConnectionCountAgainstThePerCommitFloor() {
        BenchReport report = report(List.of(closed("gateway", "uniform", 4, 500), closed("gateway", "uniform", 16, 1200),
                closed("gateway", "uniform", 64, 900)), List.of());

        TargetResult gateway = target(report, "Gateway, uniform");

        assertEquals(1.2, gateway.value(), 1e-9);
        assertEquals(Verdict.PASS, gateway.verdict());
        assertTrue(gateway.measured().contains("1,200 tx/s at 16 connections"), gateway.measured());
        assertTrue(gateway.measured().contains("3.5 ms CPU per tx in total"), gateway.measured());
        assertTrue(gateway.measured().contains("aim not reached"), gateway.measured());
    }

    @Test
    void aRatioBelowItsThresholdIsShortAndTheAimIsReportedWhenReached() {
        BenchReport report = report(List.of(closed("gateway", "uniform", 16, 3100), closed("command", "uniform", 16, 1800),
                closed("gateway", "hot", 16, 999)), List.of());

        assertTrue(target(report, "Gateway, uniform").measured().contains("aim reached"));
        TargetResult command = target(report, "Command service direct");
        assertEquals(1.8, command.value(), 1e-9);
        assertEquals(Verdict.SHORT, command.verdict());
        assertEquals(Verdict.SHORT, target(report, "Hot account").verdict());
    }

    @Test
    void bulkPostingIsComparedWithTheBestClosedLoopOfSinglePostsThroughTheGateway() {
        BenchReport report = report(List.of(closed("gateway", "uniform", 16, 1000), closed("gateway", "uniform", 64, 1200),
                closed("command", "uniform", 64, 2000), SampleReports.bulk(false, 4, 2400),
                SampleReports.bulk(false, 16, 2100), SampleReports.bulk(true, 4, 1800)), List.of());

        TargetResult bulk = target(report, "Bulk posting");

        assertEquals(2.0, bulk.value(), 1e-9);
        assertEquals(Verdict.PASS, bulk.verdict());
        assertTrue(bulk.goal().contains("≥ 1× the throughput of concurrent single posts through the gateway"), bulk.goal());
        assertTrue(bulk.measured().contains("2,400 tx/s in 24 requests/s at 4 connections, against 1,200 tx/s of single "
                + "posts at 64 connections; atomic: 1,800 tx/s"), bulk.measured());
        // bulk windows are neither the gateway's peak nor in the chart of single posts
        assertEquals(1.2, target(report, "Gateway, uniform").value(), 1e-9);

        BenchReport slower = report(List.of(closed("gateway", "uniform", 16, 1000), SampleReports.bulk(false, 4, 900)),
                List.of());
        assertEquals(Verdict.SHORT, target(slower, "Bulk posting").verdict());
    }

    @Test
    void readsThroughTheGatewayAreComparedWithTheProjectorAtItsBestConnectionCount() {
        BenchReport report = report(List.of(SampleReports.read("projector", 16, 5000, 2), SampleReports.read("gateway", 16,
                3500, 3), SampleReports.read("projector", 64, 6000, 8), SampleReports.read("gateway", 64, 3000, 15)),
                List.of());

        TargetResult reads = target(report, "Reads via gateway");

        assertEquals(0.5, reads.value(), 1e-9);
        assertEquals(Verdict.SHORT, reads.verdict());
        assertTrue(reads.goal().startsWith("≥ 60% of the projector's own rate"), reads.goal());
        assertTrue(reads.measured().startsWith("50% (3,000 req/s against 6,000 req/s straight to the projector at 64 "
                + "connections; p50 15 against 8 ms)"), reads.measured());
        assertEquals(Verdict.PASS, target(report(List.of(SampleReports.read("projector", 16, 5000, 2),
                SampleReports.read("gateway", 16, 3500, 3)), List.of()), "Reads via gateway").verdict());
        // without the gateway at the projector's connections there is nothing to compare
        assertEquals(Verdict.NOT_MEASURED, target(report(List.of(SampleReports.read("projector", 16, 5000, 2),
                SampleReports.read("gateway", 64, 3500, 3)), List.of()), "Reads via gateway").verdict());
        // reads leave nothing for the projection to catch up with
        assertEquals(Verdict.NOT_MEASURED, target(report, "Projection").verdict());
    }

    @Test
    void theOpenLoopTargetsLookAtTheWindowAtHalfThePeakRate() {
        BenchReport within = report(List.of(closed("gateway", "uniform", 16, 1000), open(0.25, 60, 400), open(0.5, 20, 120)),
                List.of());
        BenchReport over = report(List.of(closed("gateway", "uniform", 16, 1000), open(0.5, 30, 260)), List.of());

        assertEquals(Verdict.PASS, target(within, "Open loop").verdict());
        assertEquals(20, target(within, "Open loop").value(), 1e-9);
        assertEquals(Verdict.PASS, target(within, "Webhook").verdict());
        assertEquals(Verdict.SHORT, target(over, "Open loop").verdict());
        assertEquals(Verdict.SHORT, target(over, "Webhook").verdict());
    }

    @Test
    void webhooksThatNeverArrivedMakeTheWebhookTargetShort() {
        Measurement half = open(0.5, 20, 120).withWebhook(new Percentiles(3_000, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));

        TargetResult webhook = target(report(List.of(closed("gateway", "uniform", 16, 1000), half), List.of()), "Webhook");

        assertEquals(Verdict.SHORT, webhook.verdict());
        assertTrue(webhook.measured().contains("had not arrived"), webhook.measured());

        Measurement noneArrived = open(0.5, 20, 120).withWebhook(
                Percentiles.ofMicros(new org.HdrHistogram.Histogram(3), half.transactions()));
        assertEquals(Verdict.SHORT, target(report(List.of(noneArrived), List.of()), "Webhook").verdict());
    }

    @Test
    void whatWasNotMeasuredSaysSoInsteadOfPassing() {
        BenchReport report = report(List.of(), List.of());

        for (TargetResult target : Targets.evaluate(report)) {
            assertEquals(Verdict.NOT_MEASURED, target.verdict(), target.name());
        }
        assertTrue(target(report, "With 1,000,000 events").goal().contains("--preload 1000000"));
    }

    @Test
    void withoutTheReadScalePhaseItsTargetsSayHowToRunIt() {
        BenchReport report = report(List.of(), List.of());

        assertTrue(target(report, "Statement of an account with 100,000 postings").goal()
                .contains("--read-scale-transactions 1000000"));
        assertEquals(Verdict.NOT_MEASURED, target(report, "Reports over 10,000 accounts").verdict());
        assertEquals(Verdict.NOT_MEASURED, target(report, "Transaction list with 1,000,000 transactions").verdict());
    }

    @Test
    void statementsAndBalancesAsOfAreJudgedOnTheirWorstP99() {
        BenchReport report = report(List.of(
                readScale("read-scale-statement-1d", "gateway", 16, 900, 8, 31),
                readScale("read-scale-statement-7d", "gateway", 16, 700, 10, 52),
                readScale("read-scale-as-of-effective", "gateway", 16, 2000, 3, 20),
                readScale("read-scale-as-of-recorded", "gateway", 16, 2500, 2, 15)),
                readScaleSummary(List.of()));

        TargetResult statement = target(report, "Statement of an account with 100,000 postings");
        assertEquals(52, statement.value(), 1e-9);
        assertEquals(Verdict.SHORT, statement.verdict());
        assertTrue(statement.measured().startsWith("worst p99 52 ms"), statement.measured());
        assertTrue(statement.measured().contains("statement-1d, gateway, 16 conn.: p50 8, p99 31, max 62 ms, 900 req/s"),
                statement.measured());

        TargetResult asOf = target(report, "Balance as of a time");
        assertEquals(20, asOf.value(), 1e-9);
        assertEquals(Verdict.PASS, asOf.verdict());
    }

    @Test
    void reportEndpointsNotDeployedYetAreNotAvailableRatherThanFailed() {
        BenchReport report = report(List.of(), readScaleSummary(reportsNotDeployed()));

        TargetResult reports = target(report, "Reports over 10,025 accounts");
        assertEquals(Verdict.NOT_MEASURED, reports.verdict());
        assertTrue(reports.measured().contains("trial balance, gateway, 2 conn.: not available (404)"), reports.measured());

        BenchReport measured = report(List.of(readScale("read-scale-trial-balance", "gateway", 2, 3, 400, 1200),
                readScale("read-scale-balance-sheet", "gateway", 2, 5, 200, 600)),
                readScaleSummary(List.of(reportsNotDeployed().get(2))));
        TargetResult some = target(measured, "Reports over");
        assertEquals(1200, some.value(), 1e-9);
        assertEquals(Verdict.SHORT, some.verdict());
        assertTrue(some.measured().endsWith("income statement, gateway, 2 conn.: not available (404)"), some.measured());

        BenchReport timedOut = report(List.of(), readScaleSummary(List.of(new ReadScaleSummary.Unavailable(
                "gateway-read-scale-trial-balance-c2", "trial balance, gateway, 2 conn.", "read-scale-trial-balance", 0))));
        assertTrue(target(timedOut, "Reports over").measured()
                .equals("trial balance, gateway, 2 conn.: nothing answered in time (see the notes)"));
    }

    @Test
    void theBigLedgersListIsComparedWithTheSmallOnesOnEachRouteAndTheLowerRatioJudges() {
        BenchReport report = report(List.of(
                readTransactions("projector", 64, 5000), readTransactions("gateway", 64, 4000),
                readScale("read-scale-transactions", "projector", 64, 4500, 5, 20),
                readScale("read-scale-transactions", "gateway", 64, 3000, 8, 30),
                readScale("read-scale-transactions-account", "gateway", 64, 2000, 12, 40)),
                readScaleSummary(List.of()));

        TargetResult list = target(report, "Transaction list with 1,000,000 transactions");
        assertEquals(0.75, list.value(), 1e-9);
        assertEquals(Verdict.SHORT, list.verdict());
        assertTrue(list.measured().contains("75% via gateway (3,000 req/s against 4,000 req/s at 64 connections)"),
                list.measured());
        assertTrue(list.measured().contains("90% straight to the projector"), list.measured());
        assertTrue(list.measured().contains("filtered: account 2,000 req/s, p99 40 ms"), list.measured());
    }

    @Test
    void theProjectionTargetTakesTheWorstWindowAndANeverIsShort() {
        Measurement slow = SampleReports.withCatchUp(closed("gateway", "uniform", 64, 900), 1500);
        Measurement never = SampleReports.withCatchUp(closed("gateway", "hot", 16, 900), -1);

        TargetResult worst = target(report(List.of(closed("gateway", "uniform", 16, 1000), slow), List.of()), "Projection");
        assertEquals(1500, worst.value(), 1e-9);
        assertEquals(Verdict.SHORT, worst.verdict());
        assertTrue(worst.measured().contains("uniform, gateway, 64 conn."), worst.measured());
        assertEquals(Verdict.SHORT, target(report(List.of(slow, never), List.of()), "Projection").verdict());
        assertEquals(Verdict.PASS, target(report(List.of(closed("gateway", "uniform", 16, 1000)), List.of()), "Projection")
                .verdict());
    }

    @Test
    void everyServiceMustStayUnderTheMemoryLimitButPostgresAndKafkaAreNotHeldToIt() {
        Measurement m = closed("gateway", "uniform", 16, 1000);
        BenchReport fine = report(List.of(SampleReports.withRss(SampleReports.withRss(m, "postgres", 900), "kafka", 700)),
                List.of());
        BenchReport heavy = report(List.of(m, SampleReports.withRss(closed("gateway", "hot", 16, 900), "command", 320)),
                List.of());

        assertEquals(Verdict.PASS, target(fine, "Memory").verdict());
        TargetResult memory = target(heavy, "Memory");
        assertEquals(Verdict.SHORT, memory.verdict());
        assertEquals(320, memory.value(), 1e-9);
        assertTrue(memory.measured().contains("command 320"), memory.measured());
    }

    @Test
    void thePreloadedWindowIsComparedWithTheSameConfigurationOnTheEmptyStore() {
        RunInfo run = new RunInfo("abc", false, "m", 2, "t", "--preload 1000000", false, 1_000_000);
        BenchReport report = SampleReports.report(run, List.of(closed("gateway", "uniform", 16, 1000),
                closed("gateway-uniform-c16-preloaded", "gateway", "uniform", 16, 950)));

        TargetResult preloaded = target(report, "With 1,000,000 events");
        assertEquals(0.95, preloaded.value(), 1e-9);
        assertEquals(Verdict.PASS, preloaded.verdict());
        // the preloaded window never counts as the peak of the empty store
        assertEquals(1.0, target(report, "Gateway, uniform").value(), 1e-9);
    }

    @Test
    void numbersAreWrittenWithFewDigits() {
        assertEquals("0.42", Numbers.decimal(0.4213));
        assertEquals("0.0043", Numbers.decimal(0.00426));
        assertEquals("0", Numbers.decimal(0));
        assertEquals("3.1", Numbers.decimal(3.1));
        assertEquals("25", Numbers.decimal(25.0));
        assertEquals("12.3", Numbers.decimal(12.34));
        assertEquals("1,235", Numbers.decimal(1234.6));
        assertEquals("1,234,567", Numbers.whole(1_234_567.2));
        assertEquals("—", Numbers.decimal(Double.NaN));
    }
}
