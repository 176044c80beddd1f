package io.laas.bench.report;

import static io.laas.bench.report.SampleReports.closed;
import static io.laas.bench.report.SampleReports.open;
import static io.laas.bench.report.SampleReports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

    private static final String HEADER = "# LaaS benchmarks\n\nHow the figures are measured.\n\n";

    @Test
    void onlyThePartBetweenTheMarkersIsRewritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("benchmarks.md");
        Files.writeString(file, HEADER + MarkdownReport.BEGIN + "\nold figures\n" + MarkdownReport.END + "\n\nFooter.\n");

        MarkdownReport.writeInto(file, "new figures", "unused");

        String written = Files.readString(file);
        assertTrue(written.startsWith(HEADER + MarkdownReport.BEGIN), written);
        assertTrue(written.contains("new figures"));
        assertFalse(written.contains("old figures"));
        assertTrue(written.endsWith(MarkdownReport.END + "\n\nFooter.\n"), written);

        MarkdownReport.writeInto(file, "newer figures", "unused");
        String again = Files.readString(file);
        assertEquals(1, again.split(MarkdownReport.BEGIN, -1).length - 1, "one generated part");
        assertTrue(again.contains("newer figures") && !again.contains("new figures\n"));
    }

    @Test
    void aMissingFileGetsTheHeaderAndAFileWithoutMarkersKeepsItsText(@TempDir Path dir) throws Exception {
        Path created = dir.resolve("docs/benchmarks.md");
        MarkdownReport.writeInto(created, "figures", HEADER);
        assertEquals(HEADER.strip() + "\n\n" + MarkdownReport.BEGIN + "\n\nfigures\n\n" + MarkdownReport.END + "\n",
                Files.readString(created));

        Path plain = dir.resolve("plain.md");
        Files.writeString(plain, "Hand-written.\n");
        MarkdownReport.writeInto(plain, "figures", HEADER);
        assertTrue(Files.readString(plain).startsWith("Hand-written.\n\n" + MarkdownReport.BEGIN));
    }

    @Test
    void theReportShowsRatiosVerdictsCpuMemoryAndTheRun() {
        BenchReport report = report(List.of(closed("gateway", "uniform", 16, 1200), closed("gateway", "hot", 16, 500),
                open(0.5, 20, 120)), List.of());

        String md = MarkdownReport.render(report, Targets.evaluate(report),
                List.of(new MarkdownReport.Chart("Throughput by connections", "benchmarks/throughput.png")), Map.of());

        assertTrue(md.contains("Measured at commit `abc1234` on Test CPU, 8 GB RAM, 2 cores"), md);
        assertTrue(md.contains("**Consistency: every check passed**"), md);
        assertTrue(md.contains("| Gateway, uniform | ≥ 1× the per-commit floor (aim 3×) | 1.2× (1,200 tx/s"), md);
        assertTrue(md.contains("| **pass** |"), md);
        assertTrue(md.contains("| **short** |"), md);
        assertTrue(md.contains("| not measured |"), md);
        assertTrue(md.contains("| `seq.sql` | per commit | 16 | 1,000 | 10 | 0.5 |"), md);
        assertTrue(md.contains("| uniform, gateway, 16 conn. | 1,200 | 1.2× | 0 | 5 | 9 | 12 | 30 | 3.5 |"), md);
        assertTrue(md.contains("| hot, gateway, 16 conn. | 500 | 0.5× |"), md);
        assertTrue(md.contains("| uniform, gateway, 16 conn. | 0.5 | 0.5 | 0.5 | 0.5 | 0.5 | 0.5 | 0.5 | 3.5 | 0.2 |"), md);
        assertTrue(md.contains("| uniform, gateway, 16 conn. | 40 | 150 | 100% | 80 | 150 | 200 | 200 | 200 |"), md);
        assertTrue(md.contains("| open 0.5 | 5 | 90 | 50% | 120 | 240 | 360 |"), md);

        Measurement lost = open(0.5, 20, 120).withWebhook(Percentiles.ofMicros(new org.HdrHistogram.Histogram(3), 10_000));
        String none = MarkdownReport.render(report(List.of(lost), List.of()), List.of(), List.of(), Map.of());
        assertTrue(none.contains("| open 0.5 | 5 | 90 | 0% | ∞ | ∞ | ∞ |"), none);
        assertTrue(md.contains("![Throughput by connections](benchmarks/throughput.png)"), md);
        assertFalse(md.contains("vs published"), md);
    }

    @Test
    void bulkWindowsJoinTheThroughputTablesAndReadsHaveATableOfTheirOwn() {
        BenchReport report = report(List.of(closed("gateway", "uniform", 16, 1200), SampleReports.bulk(false, 4, 2400),
                SampleReports.read("projector", 16, 5000, 2), SampleReports.read("gateway", 16, 3500, 3)), List.of());

        String md = MarkdownReport.render(report, Targets.evaluate(report), List.of(),
                Map.of("gateway-read-account-c16", 3000.0));

        assertTrue(md.contains("| uniform, bulk of 100, gateway, 4 conn. | 2,400 | 2.4× | 0 | 40 | 70 | 90 | 120 | 1.5 | — |"),
                md);
        assertTrue(md.contains("### Reads"), md);
        assertTrue(md.contains("| account by code, gateway, 16 conn. | 3,500 | 0 | 3 | 6 | 9 | 12 | 1.4 | 0.2 | 0.2 | 0.2 | +17% |"),
                md);
        assertTrue(md.contains("| Reads via gateway, one account | ≥ 60% of the projector's own rate (same connections) | 70% "),
                md);
        // the reads are in neither the CPU per transaction nor the projection table
        assertEquals(1, md.split("\\| account by code, gateway, 16 conn\\.", -1).length - 1, md);
        assertEquals(3, md.split("\\| uniform, bulk of 100, gateway, 4 conn\\.", -1).length - 1, md);
        assertFalse(MarkdownReport.render(report(List.of(closed("gateway", "uniform", 16, 1200)), List.of()), List.of(),
                List.of(), Map.of()).contains("### Reads"));
    }

    @Test
    void theReadsAtScaleHaveASectionWithTheSeedingAndTheWindowsNotAvailable() {
        BenchReport report = SampleReports.report(List.of(SampleReports.read("projector", 16, 5000, 2),
                SampleReports.readScale("read-scale-statement-1d", "gateway", 16, 900, 8, 31)),
                SampleReports.readScaleSummary(SampleReports.reportsNotDeployed()));

        String md = MarkdownReport.render(report, Targets.evaluate(report), List.of(), Map.of());

        assertTrue(md.contains("### Reads at scale\n\nLedger `bench-reads`: 1,000,000 transactions over 10,000 accounts "
                + "(10,025 with the groups they roll up into), 100,000 postings on the statement account. Seeding "
                + "(informative): 1,000,000 transactions posted in bulks of 1,000 straight to the command service over 4 "
                + "connections in 250 s, 4,000 tx/s (the accounts, one at a time, took 31 s more); the projection had "
                + "every event 42.5 s after the last answer, the webhook service 12 s."), md);
        assertTrue(md.contains("| statement-1d, gateway, 16 conn. | 900 | 0 | 8 | 16 | 31 | 62 | 1.6 |"), md);
        assertTrue(md.contains("| trial balance, gateway, 2 conn. | not available (404) | — | — |"), md);
        // the small ledger's reads keep their own table, without the reads at scale
        String reads = md.substring(md.indexOf("### Reads\n"), md.indexOf("### Reads at scale"));
        assertFalse(reads.contains("statement-1d"), reads);
        assertTrue(reads.contains("account by code, projector, 16 conn."), reads);
        assertTrue(md.contains("| Reports over 10,025 accounts | p99 ≤ 1 s (trial balance, balance sheet, income "
                + "statement) | trial balance, gateway, 2 conn.: not available (404), "), md);

        String reused = MarkdownReport.readScaleSetUp(new ReadScaleSummary("bench-reads", 20_000, 35, 10, 2_000, 0, 4, 0, 0,
                Double.NaN, Double.NaN, List.of()));
        assertTrue(reused.endsWith("Seeded by an earlier run (nothing posted by this one)."), reused);
    }

    @Test
    void failedConsistencyChecksAreImpossibleToMiss() {
        BenchReport report = report(List.of(closed("gateway", "uniform", 16, 1200)),
                List.of("the projection has not applied every event (ledger, write sequence, projected sequence): 1 row(s)"));

        String md = MarkdownReport.render(report, Targets.evaluate(report), List.of(), Map.of());

        assertTrue(md.contains("**CONSISTENCY CHECKS FAILED** after the run:\n\n- the projection has not applied every event"),
                md);
        assertFalse(md.contains("every check passed"));
    }

    @Test
    void eachThroughputIsComparedWithTheLastPublishedRun() {
        BenchReport report = report(List.of(closed("gateway", "uniform", 16, 1200), closed("gateway", "uniform", 64, 900)),
                List.of());

        String md = MarkdownReport.render(report, Targets.evaluate(report), List.of(),
                Map.of("gateway-uniform-c16", 1000.0));

        assertTrue(md.contains("tx/s vs published |"), md);
        assertTrue(md.contains("| 3.5 | +20% |"), md);
        assertTrue(md.contains("| 3.5 | — |"), md);
    }

    @Test
    void changesAreSignedPercentages() {
        assertEquals("+12%", MarkdownReport.change(1.12));
        assertEquals("−8%", MarkdownReport.change(0.92));
        assertEquals("±0%", MarkdownReport.change(1.001));
    }
}
