package io.laas.observability.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * prometheus/alerts.yml as Prometheus' rule file loader reads it (rulefmt): rule groups with unique names, each rule
 * an alert with only the fields Prometheus knows, an expression, a duration, a severity and a summary.
 */
class AlertRulesTest {

    private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+");
    private static final Pattern ALERT_NAME = Pattern.compile("Laas[A-Za-z0-9]+");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "interval", "limit", "rules", "labels",
            "query_offset");
    private static final Set<String> RULE_FIELDS = Set.of("alert", "expr", "for", "keep_firing_for", "labels",
            "annotations");

    private final JsonNode alerts = ObservabilityFiles.alerts();

    @Test
    void theFileIsRuleGroupsWithUniqueNames() {
        assertEquals(Set.of("groups"), fields(alerts));
        Set<String> names = new HashSet<>();
        for (JsonNode group : alerts.path("groups")) {
            assertTrue(GROUP_FIELDS.containsAll(fields(group)), group.path("name") + ": " + fields(group));
            assertTrue(names.add(group.path("name").asString()), "group " + group.path("name") + " is unique");
            assertTrue(group.path("rules").isArray() && !group.path("rules").isEmpty(), group.path("name").asString());
        }
    }

    @Test
    void everyAlertHasAnExpressionADurationASeverityAndASummary() {
        Set<String> names = new HashSet<>();
        for (JsonNode rule : ObservabilityFiles.rules(alerts)) {
            String name = rule.path("alert").asString();
            assertTrue(ALERT_NAME.matcher(name).matches(), "alert name " + name);
            assertTrue(names.add(name), name + " is unique");
            assertTrue(RULE_FIELDS.containsAll(fields(rule)), name + ": " + fields(rule));
            assertFalse(rule.path("expr").asString().isBlank(), name + " expr");
            assertTrue(DURATION.matcher(rule.path("for").asString()).matches(), name + " for: " + rule.path("for"));
            assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asString()),
                    name + " labels.severity");
            assertFalse(rule.path("annotations").path("summary").asString("").isBlank(), name + " annotations.summary");
        }
    }

    @Test
    void theAlertsTheOperationsGuideAsksForAreThere() {
        Set<String> names = new HashSet<>();
        ObservabilityFiles.rules(alerts).forEach(rule -> names.add(rule.path("alert").asString()));
        for (String required : List.of("LaasProjectionLagHigh", "LaasWebhookFailureRateHigh", "LaasOutboxRelayStuck",
                "LaasDbPoolSaturated", "LaasHttp5xxRateHigh")) {
            assertTrue(names.contains(required), required);
        }
    }

    @Test
    void prometheusYmlLoadsTheRulesAndScrapesTheFiveManagementPorts() {
        JsonNode config = ObservabilityFiles.yaml(ObservabilityFiles.read(ObservabilityFiles.PROMETHEUS));
        assertEquals("alerts.yml", config.path("rule_files").path(0).asString());
        JsonNode job = config.path("scrape_configs").path(0);
        assertEquals("/q/metrics", job.path("metrics_path").asString());
        Set<String> services = new HashSet<>();
        for (JsonNode targets : job.path("static_configs")) {
            services.add(targets.path("labels").path("service").asString());
        }
        assertEquals(Set.of("gateway", "iam-service", "ledger-command-service", "projector-service", "webhook-service"),
                services);
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> fields = new HashSet<>();
        node.propertyNames().forEach(fields::add);
        return fields;
    }
}
