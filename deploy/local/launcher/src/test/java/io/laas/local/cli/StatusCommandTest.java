package io.laas.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class StatusCommandTest {

    @Test
    void sumsEverySeriesOfAMetricAndNoOther() {
        String metrics = """
                # TYPE laas_outbox_pending gauge
                laas_outbox_pending{table="ledger_outbox"} 3.0
                laas_outbox_pending{table="other_outbox"} 2.0
                laas_outbox_pending_total 99.0
                """;
        assertEquals(OptionalDouble.of(5.0), StatusCommand.sum(metrics, "laas_outbox_pending"));
        assertEquals(OptionalDouble.empty(), StatusCommand.sum(metrics, "laas_webhook_deliveries_due"));
    }

    @Test
    void lagOfEachKindOfService() {
        assertEquals("outbox 4", StatusCommand.lagOf("laas_outbox_pending{table=\"t\"} 4.0\n"));
        assertEquals("2 ledgers behind, 7.5 s", StatusCommand.lagOf("""
                laas_projector_ledgers_behind 2.0
                laas_projector_lag_seconds_max 7.5
                """));
        assertEquals("outbox 0, queue 12 due, 30 pending", StatusCommand.lagOf("""
                laas_outbox_pending 0.0
                laas_webhook_deliveries_due 12.0
                laas_webhook_deliveries_pending 30.0
                """));
        assertEquals("-", StatusCommand.lagOf("jvm_threads_live_threads 40.0\n"));
    }

    @Test
    void tableAlignsColumns() {
        String table = StatusCommand.table(List.of(
                new StatusCommand.Row("postgres", "101", "55432", "up", "ready", "16.4", "-", "-"),
                new StatusCommand.Row("projector-service", "-", "8083/9083", "restarting", "unreachable", "-", "1", "-")));
        List<String> lines = table.lines().toList();
        assertEquals(3, lines.size());
        int health = lines.get(0).indexOf("HEALTH");
        assertEquals(health, lines.get(1).indexOf("ready"));
        assertEquals(health, lines.get(2).indexOf("unreachable"));
        assertTrue(lines.get(2).startsWith("projector-service  -"));
    }
}
