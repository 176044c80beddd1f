package io.laas.observability.validation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * PromQL parsed by Prometheus' own grammar ({@code @prometheus-io/lezer-promql}, installed by {@code npm ci} into this
 * module's node_modules) through {@code promql-check.mjs}.
 */
final class PromqlParser {

    /** One expression: the syntax errors (offsets) and the metric names of its selectors. */
    record Parsed(String expr, List<Integer> errorOffsets, List<String> metrics) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Path MODULE = ObservabilityFiles.OBSERVABILITY.resolve("validation");

    private PromqlParser() {
    }

    static List<Parsed> parse(List<String> expressions) {
        try {
            Process node = new ProcessBuilder("node", "promql-check.mjs").directory(MODULE.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = node.getOutputStream()) {
                in.write(JSON.writeValueAsString(expressions).getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("promql-check.mjs failed (npm ci in " + MODULE + "?)");
            }
            List<Parsed> parsed = new ArrayList<>();
            for (JsonNode result : JSON.readTree(out)) {
                List<Integer> errors = new ArrayList<>();
                result.path("errors").forEach(error -> errors.add(error.path("from").asInt()));
                List<String> metrics = new ArrayList<>();
                result.path("metrics").forEach(metric -> metrics.add(metric.asString()));
                parsed.add(new Parsed(result.path("expr").asString(), errors, metrics));
            }
            return parsed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
