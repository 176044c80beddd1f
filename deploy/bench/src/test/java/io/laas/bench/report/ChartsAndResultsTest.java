package io.laas.bench.report;

import static io.laas.bench.report.SampleReports.closed;
import static io.laas.bench.report.SampleReports.open;
import static io.laas.bench.report.SampleReports.report;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsAndResultsTest {

    private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G' };

    @Test
    void bothChartsAreWrittenAsPng(@TempDir Path dir) throws Exception {
        BenchReport report = report(List.of(closed("gateway", "uniform", 4, 300), closed("gateway", "uniform", 16, 700),
                closed("command", "uniform", 16, 900), closed("gateway", "hot", 16, 400), open(0.5, 20, 120)), List.of());

        List<Path> charts = Charts.write(report, dir.resolve("benchmarks"));

        assertEquals(List.of(dir.resolve("benchmarks/throughput.png"), dir.resolve("benchmarks/latency.png")), charts);
        for (Path chart : charts) {
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(chart), 4), chart.toString());
        }
    }

    @Test
    void aSingleConnectionCountStillMakesACharts(@TempDir Path dir) throws Exception {
        BenchReport report = report(List.of(closed("gateway", "uniform", 16, 700)), List.of());

        assertEquals(2, Charts.write(report, dir).size());
    }

    @Test
    void resultsAreWrittenAndTheirThroughputsReadBackById(@TempDir Path dir) throws Exception {
        double never = Double.POSITIVE_INFINITY;
        BenchReport report = report(List.of(closed("gateway", "uniform", 16, 700),
                open(0.5, 20, 120).withWebhook(new Percentiles(10, never, never, never, never))), List.of());
        Path file = dir.resolve("results.json");

        ResultsJson.write(file, report, Targets.evaluate(report));

        assertEquals(Map.of("gateway-uniform-c16", 700.0, "gateway-uniform-open50", 500.0), ResultsJson.throughputs(file));
        assertTrue(Files.readString(file).contains("\"tx_per_second\""));
        assertEquals(Map.of(), ResultsJson.throughputs(dir.resolve("none.json")));
    }

    @Test
    void theReadsAtScaleAreInTheResultsWithTheirLedgerAndTargets(@TempDir Path dir) throws Exception {
        BenchReport report = SampleReports.report(List.of(SampleReports.readScale("read-scale-statement-1d", "gateway", 16,
                900, 8, 31)), SampleReports.readScaleSummary(SampleReports.reportsNotDeployed()));
        Path file = dir.resolve("results.json");

        ResultsJson.write(file, report, Targets.evaluate(report));

        String json = Files.readString(file);
        assertEquals(Map.of("gateway-read-scale-statement-1d-c16", 900.0), ResultsJson.throughputs(file));
        assertTrue(json.contains("\"read_scale\" : {"), json);
        assertTrue(json.contains("\"statement_postings\" : 100000"), json);
        assertTrue(json.contains("\"seed_tx_per_second\" : 4000.0"), json);
        assertTrue(json.contains("\"workload\" : \"read-scale-trial-balance\""), json);
        assertTrue(json.contains("\"name\" : \"Statement of an account with 100,000 postings\""), json);
        // a phase that did not run is written too, its unknowns as NaN
        ResultsJson.write(file, SampleReports.report(List.of(), List.of()), List.of());
        assertTrue(Files.readString(file).contains("\"catch_up_seconds\" : \"NaN\""), Files.readString(file));
    }
}
