package io.laas.observability.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The alert rules have one source, prometheus/alerts.yml; deploy/k8s/base/monitoring/laas-service-rules.yaml is the
 * same groups in a PrometheusRule, generated from it. After changing alerts.yml, regenerate it:
 * {@code ./mvnw -pl deploy/observability/validation verify -Dtest=KubernetesRulesTest -Dobservability.regenerate}.
 */
class KubernetesRulesTest {

    static final String HEADER = """
            # GENERATED from deploy/observability/prometheus/alerts.yml, the one source of the services' alert rules: do
            # not edit. Regenerate: ./mvnw -pl deploy/observability/validation verify -Dtest=KubernetesRulesTest \\
            #   -Dobservability.regenerate
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata:
              name: laas-services
            spec:
            """;

    /** The PrometheusRule: the rules file's content (its comments included) indented under {@code spec}. */
    static String generated() {
        StringBuilder rule = new StringBuilder(HEADER);
        ObservabilityFiles.read(ObservabilityFiles.ALERTS).lines()
                .forEach(line -> rule.append(line.isEmpty() ? "" : "  " + line).append('\n'));
        return rule.toString();
    }

    @Test
    void thePrometheusRuleIsGeneratedFromTheRulesFile() throws IOException {
        if (System.getProperty("observability.regenerate") != null) {
            Files.writeString(ObservabilityFiles.K8S_RULES, generated());
        }
        assertEquals(generated(), ObservabilityFiles.read(ObservabilityFiles.K8S_RULES),
                "laas-service-rules.yaml is out of date: regenerate it (see this test's comment)");
    }

    @Test
    void itCarriesTheSameGroups() {
        JsonNode rule = ObservabilityFiles.yaml(ObservabilityFiles.read(ObservabilityFiles.K8S_RULES));
        assertEquals(ObservabilityFiles.alerts().path("groups"), rule.path("spec").path("groups"));
    }
}
