package io.laas.observability.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.laas.observability.validation.PromqlParser.Parsed;

/**
 * Every PromQL expression of the dashboard and the alert rules parses with Prometheus' own grammar, and the metric
 * names they select are exactly those of referenced-metrics.txt, the list system-tests' MetricsCatalogueIT checks
 * against what the running services expose.
 */
class PromqlTest {

    @Test
    void everyExpressionParses() {
        List<String> expressions = ObservabilityFiles.expressions();
        assertTrue(expressions.size() > 60, "the dashboard's and the rules' expressions, found " + expressions.size());
        for (Parsed parsed : PromqlParser.parse(expressions)) {
            assertEquals(List.of(), parsed.errorOffsets(), () -> "syntax error in: " + parsed.expr());
            assertFalse(parsed.metrics().isEmpty(), () -> "selects no metric: " + parsed.expr());
        }
    }

    @Test
    void theParserRefusesWhatPrometheusRefuses() {
        List<Parsed> parsed = PromqlParser.parse(List.of("rate(laas_x_total[5m)", "sum(laas_x) by", "laas_x laas_y",
                "histogram_quantile(0.99, sum by (le) (rate(laas_x_bucket[5m])))"));
        for (int i = 0; i < 3; i++) {
            assertFalse(parsed.get(i).errorOffsets().isEmpty(), parsed.get(i).expr());
        }
        assertEquals(List.of(), parsed.get(3).errorOffsets());
        assertEquals(List.of("laas_x_bucket"), parsed.get(3).metrics());
    }

    @Test
    void theMetricNamesTheyUseAreTheCatalogue() {
        Set<String> used = new TreeSet<>();
        PromqlParser.parse(ObservabilityFiles.expressions()).forEach(parsed -> used.addAll(parsed.metrics()));
        Set<String> catalogue = new TreeSet<>(ReferencedMetrics.names());
        assertEquals(catalogue, used, "deploy/observability/referenced-metrics.txt lists the metric names the"
                + " dashboard and the alert rules use (so that MetricsCatalogueIT checks each is exposed)");
    }
}
