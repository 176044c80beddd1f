package io.laas.observability.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** grafana/laas-dashboard.json is a dashboard Grafana imports: its shape, its variables, its panels' queries. */
class DashboardTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_]+)");
    private static final Set<String> BUILT_IN = Set.of("__rate_interval", "__interval", "__range");

    private final JsonNode dashboard = ObservabilityFiles.dashboard();

    @Test
    void theDashboardHasItsIdentityAndTime() {
        assertEquals("laas-overview", dashboard.path("uid").asString());
        assertFalse(dashboard.path("title").asString().isBlank());
        assertTrue(dashboard.path("schemaVersion").isInt());
        assertTrue(dashboard.path("time").has("from") && dashboard.path("time").has("to"));
        assertTrue(dashboard.path("panels").isArray() && !dashboard.path("panels").isEmpty());
    }

    @Test
    void itIsTemplatedByDatasourceServiceAndInstance() {
        List<String> names = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            names.add(variable.path("name").asString());
            assertFalse(variable.path("type").asString().isBlank(), variable::toString);
        }
        assertEquals(List.of("datasource", "service", "instance"), names);
    }

    @Test
    void everyPanelQueriesPrometheusThroughTheDatasourceVariable() {
        List<JsonNode> panels = ObservabilityFiles.panels(dashboard);
        assertTrue(panels.size() >= 30, "a panel for each metric of the operations guide, found " + panels.size());
        for (JsonNode panel : panels) {
            String title = panel.path("title").asString();
            assertFalse(title.isBlank(), panel::toString);
            assertFalse(panel.path("type").asString().isBlank(), title);
            assertEquals("prometheus", panel.path("datasource").path("type").asString(), title);
            assertEquals("${datasource}", panel.path("datasource").path("uid").asString(), title);
            for (String field : new String[] { "x", "y", "w", "h" }) {
                assertTrue(panel.path("gridPos").path(field).isInt(), title + " gridPos." + field);
            }
            assertTrue(panel.path("gridPos").path("x").asInt() + panel.path("gridPos").path("w").asInt() <= 24, title);
            JsonNode targets = panel.path("targets");
            assertTrue(targets.isArray() && !targets.isEmpty(), title + " has targets");
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : targets) {
                assertTrue(refIds.add(target.path("refId").asString()), title + ": refIds are unique");
                assertFalse(target.path("expr").asString().isBlank(), title + " " + target);
            }
        }
    }

    @Test
    void panelIdsAreUniqueAndPanelsDoNotOverlap() {
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel id " + panel.path("id") + " is unique");
            JsonNode at = panel.path("gridPos");
            for (int y = at.path("y").asInt(); y < at.path("y").asInt() + at.path("h").asInt(); y++) {
                for (int x = at.path("x").asInt(); x < at.path("x").asInt() + at.path("w").asInt(); x++) {
                    assertTrue(cells.add(x + "," + y), panel.path("title").asString() + " overlaps at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void everyVariableAQueryUsesIsDefined() {
        Set<String> defined = new HashSet<>(BUILT_IN);
        dashboard.path("templating").path("list").forEach(variable -> defined.add(variable.path("name").asString()));
        for (String expr : queries()) {
            Matcher used = VARIABLE.matcher(expr);
            while (used.find()) {
                assertTrue(defined.contains(used.group(1)), "$" + used.group(1) + " in " + expr);
            }
        }
    }

    private List<String> queries() {
        List<String> queries = new ArrayList<>();
        ObservabilityFiles.panels(dashboard).forEach(panel -> panel.path("targets")
                .forEach(target -> queries.add(target.path("expr").asString())));
        return queries;
    }
}
