package io.laas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void addressesFollowTheLocalStackPortVariables() {
        BenchOptions options = BenchOptions.parse(new String[0],
                Map.of("LAAS_GATEWAY_PORT", "28080", "LAAS_COMMAND_PORT", "28082", "LAAS_POSTGRES_PORT", "25432",
                        "LAAS_KAFKA_PORT", "29092"),
                ROOT);

        assertEquals(URI.create("http://127.0.0.1:28080"), options.gateway());
        assertEquals(URI.create("http://127.0.0.1:28082"), options.command());
        assertEquals(URI.create("http://127.0.0.1:8083"), options.projector());
        assertEquals("jdbc:postgresql://127.0.0.1:25432/laas", options.database().jdbcUrl());
        assertEquals(29092, options.ports().kafka());
        assertEquals(8081, options.ports().iam());
        assertEquals(10, options.ledgers().size());
    }

    @Test
    void aFullRunMeasuresSeveralConnectionCountsAndWritesTheDocs() {
        BenchOptions options = BenchOptions.parse(new String[0], Map.of(), ROOT);

        assertEquals(List.of(4, 16, 64), options.connections());
        assertEquals(100, options.bulkSize());
        assertEquals(List.of(4, 16), options.bulkConnections());
        assertEquals(List.of(16, 64), options.readConnections());
        assertEquals(List.of(0.25, 0.5, 0.75), options.openLoopFractions());
        assertTrue(options.warmup().compareTo(Duration.ofSeconds(30)) >= 0, "warm-up of at least 30 s");
        assertEquals(Path.of("/repo/docs/benchmarks.md"), options.report());
        assertEquals(Path.of("/repo/docs/benchmarks"), options.chartsDirectory());
        assertEquals(64, options.largestConnections());
        assertEquals(new BenchOptions.ReadScale(1_000_000, 10_000, 4, 16, Duration.ofSeconds(10)), options.readScale());
        assertTrue(options.readScale().enabled());
    }

    @Test
    void theReadScalePhaseIsSizedByItsOptionsAndZeroTurnsItOff() {
        assertEquals(new BenchOptions.ReadScale(20_000, 1_000, 4, 16, Duration.ofSeconds(5)),
                BenchOptions.parse(new String[] { "--quick" }, Map.of(), ROOT).readScale());
        BenchOptions small = BenchOptions.parse(new String[] { "--read-scale-transactions", "50_000",
                "--read-scale-accounts", "500", "--read-scale-seed-connections", "2", "--read-scale-connections", "8",
                "--read-scale-window", "3" }, Map.of(), ROOT);
        assertEquals(new BenchOptions.ReadScale(50_000, 500, 2, 8, Duration.ofSeconds(3)), small.readScale());
        assertFalse(BenchOptions.parse(new String[] { "--read-scale-transactions", "0" }, Map.of(), ROOT).readScale()
                .enabled());
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] { "--read-scale-transactions", "-1" }, Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] { "--read-scale-accounts", "2" }, Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] { "--read-scale-seed-connections", "0" }, Map.of(), ROOT));
    }

    @Test
    void aQuickRunIsShortAndKeepsItsReportOutOfTheDocs() {
        BenchOptions options = BenchOptions.parse(new String[] { "--quick", "--connections", "8,32", "--preload", "1_000" },
                Map.of(), ROOT);

        assertTrue(options.quick());
        assertEquals(List.of(8, 32), options.connections());
        assertEquals(1000, options.preload());
        assertTrue(options.window().compareTo(Duration.ofSeconds(10)) <= 0);
        assertEquals(Path.of("/repo/deploy/bench/target/benchmarks.md"), options.report());
        assertEquals("--quick --connections 8,32 --preload 1_000", options.commandLine());
        assertEquals(List.of(4), options.bulkConnections());
        assertEquals(List.of(16), options.readConnections());
    }

    @Test
    void unknownOrIncompleteOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] { "--fast" }, Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] { "--window" }, Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] { "--rates", "1.5" }, Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] { "--connections", "0" }, Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] { "--bulk-size", "1001" }, Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] { "--read-connections", "0" }, Map.of(), ROOT));
    }

    @Test
    void theWebhookPhaseRunsByDefaultAloneOnRequestAndNotWithoutABacklog() {
        BenchOptions.WebhookPhase full = BenchOptions.parse(new String[0], Map.of(), ROOT).webhookPhase();
        assertTrue(full.enabled());
        assertFalse(full.only());
        assertEquals(100, full.rate(), 1e-9);
        assertEquals(10, full.endpoints());
        assertEquals(Duration.ofSeconds(30), full.window());
        assertEquals(Duration.ofSeconds(10), full.slow());
        assertEquals(10_000, full.backlog());

        BenchOptions.WebhookPhase quick = BenchOptions.parse(new String[] { "--quick" }, Map.of(), ROOT).webhookPhase();
        assertEquals(Duration.ofSeconds(10), quick.window());
        assertEquals(2_000, quick.backlog());

        BenchOptions.WebhookPhase only = BenchOptions.parse(new String[] { "--webhook-only", "--webhook-rate", "50",
                "--webhook-window", "5", "--webhook-backlog", "1_000" }, Map.of(), ROOT).webhookPhase();
        assertTrue(only.only() && only.enabled());
        assertEquals(50, only.rate(), 1e-9);
        assertEquals(Duration.ofSeconds(5), only.window());
        assertEquals(1_000, only.backlog());

        assertFalse(BenchOptions.parse(new String[] { "--webhook-backlog", "0" }, Map.of(), ROOT).webhookPhase()
                .enabled());
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] { "--webhook-rate", "0" }, Map.of(), ROOT));
    }
}
