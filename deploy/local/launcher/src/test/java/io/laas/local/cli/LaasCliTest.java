package io.laas.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaasCliTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int laas(String... args) {
        CliContext context = new CliContext(dataDir, dataDir, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return LaasCli.run(context, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void commandsNeedingTheStackSayItIsNotRunning() {
        for (String[] args : List.of(new String[] { "status" }, new String[] { "down" }, new String[] { "token" },
                new String[] { "key", "create" }, new String[] { "psql", "-c", "select 1" },
                new String[] { "restart", "gateway" }, new String[] { "kill", "gateway" })) {
            err.reset();
            assertEquals(1, laas(args), String.join(" ", args));
            assertEquals("LaaS is not running (start it with deploy/local/laas up)\n", err(), String.join(" ", args));
        }
    }

    @Test
    void aStateFileWhoseSupervisorIsGoneIsNotARunningStack() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        state(gone.pid()).write(dataDir);
        assertEquals(1, laas("status"));
        assertEquals("LaaS is not running (start it with deploy/local/laas up)\n", err());
    }

    @Test
    void stateFileRoundTripsAndOnlyTheUserMayReadIt() throws IOException {
        StackState written = state(ProcessHandle.current().pid());
        written.write(dataDir);
        Path file = StackState.file(dataDir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(written, StackState.read(file));
        assertEquals(written, StackState.readLive(dataDir).orElseThrow());
        try (var files = Files.list(dataDir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
        StackState.delete(dataDir);
        assertTrue(StackState.readLive(dataDir).isEmpty());
    }

    @Test
    void wrongUsageExitsWithTwoAndSaysWhy() {
        assertEquals(2, laas("restart"));
        assertEquals("laas: laas restart needs more arguments: laas restart <service>\n", err());
        err.reset();
        assertEquals(2, laas("logs", "-n", "many"));
        assertEquals("-n takes a number of lines (0 or more): many\n", err());
    }

    @Test
    void helpGoesToStandardOutputWithExitCodeZero() {
        assertEquals(0, laas("--help"));
        assertTrue(out().contains("status"));
        assertTrue(err().isEmpty());
    }

    @Test
    void logsOfOneServiceAreItsLastLines() throws IOException {
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        Files.write(logs.resolve("gateway.log"), List.of("2026-12-01 10:00:00,001 INFO one", "2026-12-01 10:00:01,002 INFO two",
                "2026-12-01 10:00:02,003 INFO three"));
        assertEquals(0, laas("logs", "gateway", "-n", "2"));
        assertEquals("2026-12-01 10:00:01,002 INFO two\n2026-12-01 10:00:02,003 INFO three\n", out());
        err.reset();
        assertEquals(2, laas("logs", "nosuch"));
        assertEquals("no log of nosuch (logs: gateway)\n", err());
    }

    @Test
    void allLogsInterleaveByTimeWithTheProcessBeforeEachLine() throws IOException {
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        Files.write(logs.resolve("gateway.log"), List.of("2026-12-01 10:00:00,100 INFO g1",
                "2026-12-01 10:00:02,000 ERROR g2", "\tat some.Frame(Frame.java:1)"));
        Files.write(logs.resolve("iam-service.log"), List.of("2026-12-01 10:00:01,000 INFO i1",
                "2026-12-01 10:00:03,000 INFO i2"));
        Files.write(dataDir.resolve("kafka.log"), List.of("[2026-12-01 10:00:00,050] INFO k1"));
        assertEquals(0, laas("logs"));
        assertEquals("""
                kafka       | [2026-12-01 10:00:00,050] INFO k1
                gateway     | 2026-12-01 10:00:00,100 INFO g1
                iam-service | 2026-12-01 10:00:01,000 INFO i1
                gateway     | 2026-12-01 10:00:02,000 ERROR g2
                gateway     | \tat some.Frame(Frame.java:1)
                iam-service | 2026-12-01 10:00:03,000 INFO i2
                """, out());
    }

    @Test
    void longLogsAreReadFromTheEnd() throws IOException {
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("2026-12-01 10:00:00,000 INFO line ").append(i).append('\n');
        }
        Files.writeString(logs.resolve("gateway.log"), text);
        assertEquals(0, laas("logs", "gateway", "-n", "3"));
        assertEquals("""
                2026-12-01 10:00:00,000 INFO line 19997
                2026-12-01 10:00:00,000 INFO line 19998
                2026-12-01 10:00:00,000 INFO line 19999
                """, out());
        assertFalse(out().contains("line 19996"));
    }

    private StackState state(long supervisorPid) {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        return new StackState(supervisorPid, 40000, "token", now, "http://localhost:8080",
                new StackState.Database(55432, "laas", "laas", "laas"), Map.of("client_id", "demo-client"),
                List.of(new StackState.Entry("postgres", "postgres", 10, 55432, 0, "up", 0, now, null),
                        new StackState.Entry("gateway", "service", 12, 8080, 9080, "restarting", 2, now,
                                dataDir.resolve("logs/gateway.log"))));
    }
}
