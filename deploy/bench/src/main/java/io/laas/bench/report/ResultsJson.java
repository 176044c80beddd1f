package io.laas.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code results.json} next to the charts: every figure of the run in machine-readable form, so that the
 * next run can say how far each throughput moved against the published one.
 */
public final class ResultsJson {

    public static final String FILE = "results.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private record Document(BenchReport report, List<TargetResult> targets) {
    }

    private ResultsJson() {
    }

    public static void write(Path file, BenchReport report, List<TargetResult> targets) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), new Document(report, targets));
    }

    /** Transactions per second by measurement id of a results file; empty if there is none. */
    public static Map<String, Double> throughputs(Path file) throws IOException {
        Map<String, Double> throughputs = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return throughputs;
        }
        JsonNode root = JSON.readTree(file.toFile());
        for (JsonNode measurement : root.path("report").path("measurements")) {
            throughputs.put(measurement.path("id").asText(), measurement.path("tx_per_second").asDouble());
        }
        return throughputs;
    }
}
