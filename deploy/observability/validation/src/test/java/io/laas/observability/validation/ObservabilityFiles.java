package io.laas.observability.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The files of deploy/observability, read as the tests need them. */
final class ObservabilityFiles {

    static final Path ROOT = Path.of(System.getProperty("laas.repository.root", "../../..")).toAbsolutePath().normalize();
    static final Path OBSERVABILITY = ROOT.resolve("deploy/observability");
    static final Path DASHBOARD = OBSERVABILITY.resolve("grafana/laas-dashboard.json");
    static final Path ALERTS = OBSERVABILITY.resolve("prometheus/alerts.yml");
    static final Path PROMETHEUS = OBSERVABILITY.resolve("prometheus/prometheus.yml");
    static final Path METRICS = OBSERVABILITY.resolve("referenced-metrics.txt");
    static final Path K8S_RULES = ROOT.resolve("deploy/k8s/base/monitoring/laas-service-rules.yaml");

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private ObservabilityFiles() {
    }

    static JsonNode dashboard() {
        return JSON.readTree(read(DASHBOARD));
    }

    static JsonNode alerts() {
        return YAML.readTree(read(ALERTS));
    }

    static JsonNode yaml(String text) {
        return YAML.readTree(text);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dashboard's panels, those inside rows included, rows excluded. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asString().equals("row")) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    /** Every alerting rule of every group. */
    static List<JsonNode> rules(JsonNode alerts) {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : alerts.path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }

    /**
     * The PromQL of the dashboard's targets and variable queries, with Grafana's variables replaced by what they
     * stand for in a query, and of the alert rules.
     */
    static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = dashboard();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(grafanaToPromql(target.path("expr").asString()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").path("query").asString("");
            if (query.startsWith("label_values(")) {
                // label_values(<selector>, <label>) is Grafana's: its selector is PromQL
                String selector = query.substring("label_values(".length(), query.lastIndexOf(','));
                expressions.add(grafanaToPromql(selector));
            }
        }
        for (JsonNode rule : rules(alerts())) {
            expressions.add(rule.path("expr").asString());
        }
        return expressions;
    }

    static String grafanaToPromql(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h");
    }
}
