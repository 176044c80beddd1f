package io.laas.observability.validation;

import java.util.List;

/** deploy/observability/referenced-metrics.txt: one metric name a line, {@code #} comments. */
final class ReferencedMetrics {

    private ReferencedMetrics() {
    }

    static List<String> names() {
        return ObservabilityFiles.read(ObservabilityFiles.METRICS).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
