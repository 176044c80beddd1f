package io.laas.system;

import static io.laas.system.LaasCommand.manifestLedger;
import static io.laas.system.LaasCommand.onlyManifest;
import static io.laas.system.LaasCommand.statusRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.local.DemoTenant;
import io.laas.local.LocalInfra;
import io.laas.local.PostgresServer;
import io.laas.system.LaasCommand.Result;

/**
 * {@code deploy/local/laas} as an operator runs it: the real script starts the whole stack (its own, on free ports,
 * in its own data directory) under supervision, and the other subcommands are run against it as processes; one
 * stack start for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsCommandIT {

    private static final List<String> SERVICES = LaasCommand.SERVICES;
    private static final List<String> PROCESSES = List.of("postgres", "kafka", "iam-service", "ledger-command-service",
            "projector-service", "webhook-service", "gateway");
    private static final String DEMO_API_KEY = "sk_test_12345678901234567890123456789012";

    private static LaasCommand laas;
    private static Path dataDir;
    private static Path upOutput;
    private static Process up;
    private static String gateway;

    @BeforeAll
    static void startTheStackWithLaasUp() throws Exception {
        laas = LaasCommand.onFreePorts("ops-command");
        dataDir = laas.dataDir();
        upOutput = laas.work().resolve("up.out");
        gateway = laas.gateway();

        Result notRunning = laas.run(Duration.ofSeconds(60), "status");
        assertEquals(1, notRunning.exitCode(), notRunning.toString());
        assertEquals("LaaS is not running (start it with deploy/local/laas up)\n", notRunning.err());

        // a port another process holds: refused before anything starts
        try (ServerSocket taken = new ServerSocket(laas.port("GATEWAY"), 0, InetAddress.getLoopbackAddress())) {
            Result refused = laas.run(Duration.ofSeconds(60), "up", "--fresh");
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("port " + taken.getLocalPort() + " (gateway) is in use by another process"),
                    refused.toString());
            assertFalse(Files.exists(dataDir.resolve("laas.state")));
            assertFalse(Files.exists(dataDir.resolve("postgres-data")), "nothing started");
        }

        up = laas.command("up", "--fresh").redirectErrorStream(true).redirectOutput(upOutput.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        while (true) {
            if (!up.isAlive()) {
                fail("laas up exited with " + up.exitValue() + ":\n" + Files.readString(upOutput));
            }
            if (laas.isUp() && laas.run(Duration.ofSeconds(60), "status").exitCode() == 0) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("LaaS was not up within 15 minutes:\n" + Files.readString(upOutput));
            }
            Thread.sleep(2000);
        }
    }

    @AfterAll
    static void stopWhateverIsLeft() throws Exception {
        if (up != null && up.isAlive()) {
            laas.run(Duration.ofMinutes(3), "down");
            if (!up.waitFor(60, TimeUnit.SECONDS)) {
                up.destroy();
                up.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Order(1)
    void upPrintsProgressAndStatusShowsEveryProcessUpAndReady() throws Exception {
        String output = Files.readString(upOutput);
        for (String step : List.of("Starting PostgreSQL", "Starting Kafka", "Starting iam-service", "gateway ready",
                "LaaS is running")) {
            assertTrue(output.contains(step), step + " missing from:\n" + output);
        }
        Result status = laas.run(Duration.ofSeconds(60), "status");
        assertEquals(0, status.exitCode(), status.toString());
        Map<String, String[]> rows = statusRows(status.out());
        assertEquals(PROCESSES, List.copyOf(rows.keySet()), status.out());
        Properties state = laas.state();
        for (String process : PROCESSES) {
            String[] row = rows.get(process);
            assertEquals(state.getProperty("process." + process + ".pid"), row[1], status.out());
            assertEquals("up", row[3], status.out());
            assertEquals("ready", row[4], status.out());
        }
        for (String service : SERVICES) {
            assertEquals("0", rows.get(service)[6], status.out());
            // the version GET /_info reports, "-" where the service has none
            HttpResponse<String> info = StackHttp.exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + state.getProperty("process." + service + ".port") + "/_info")).GET().build());
            assertEquals(infoVersion(info), rows.get(service)[5], status.out());
        }
        assertTrue(rows.get("projector-service")[7].contains("ledgers behind"), status.out());
        assertTrue(rows.get("webhook-service")[7].contains("due"), status.out());
        assertTrue(rows.get("ledger-command-service")[7].startsWith("outbox "), status.out());
        assertFalse(rows.get("postgres")[5].equals("-"), "PostgreSQL's version: " + status.out());
    }

    @Test
    @Order(2)
    void tokenPrintsAnAccessTokenTheApiAccepts() throws Exception {
        Result token = laas.run(Duration.ofSeconds(60), "token");
        assertEquals(0, token.exitCode(), token.toString());
        String accessToken = token.out().strip();
        assertEquals(3, accessToken.split("\\.").length, "a JWT: " + token.out());
        assertEquals(200, get("/v1/accounts/cash", accessToken).statusCode());
        assertEquals(401, get("/v1/accounts/cash", accessToken + "x").statusCode(), "the check can fail");

        Result wrongSecret = laas.run(Duration.ofSeconds(60), "token", "demo-client", "not-the-secret");
        assertEquals(1, wrongSecret.exitCode(), wrongSecret.toString());
        assertTrue(wrongSecret.err().contains("401"), wrongSecret.toString());
        assertEquals("", wrongSecret.out());
    }

    @Test
    @Order(3)
    void keyCreatePrintsANewKeyOnceAndItWorks() throws Exception {
        Result key = laas.run(Duration.ofSeconds(60), "key", "create", "--description", "ops test");
        assertEquals(0, key.exitCode(), key.toString());
        String apiKey = key.out().strip();
        assertTrue(apiKey.startsWith("sk_test_"), key.toString());
        assertNotEquals(DEMO_API_KEY, apiKey);
        assertEquals(200, get("/v1/accounts/cash", apiKey).statusCode());

        Result refused = laas.run(Duration.ofSeconds(60), "key", "create", "--scope", "iam:admin");
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("400") && refused.err().contains("scopes"), refused.toString());
        assertEquals("", refused.out());
    }

    @Test
    @Order(4)
    void aKilledServiceIsRestartedWhileWritesKeepSucceeding() throws Exception {
        long oldPid = Long.parseLong(laas.state().getProperty("process.projector-service.pid"));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                try {
                    HttpResponse<String> response = postTransaction();
                    if (response.statusCode() == 201) {
                        written.incrementAndGet();
                    } else {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                    Thread.sleep(100);
                } catch (IOException e) {
                    failures.add(e.toString());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ops-it-writer");
        writer.start();
        try {
            Result kill = laas.run(Duration.ofSeconds(60), "kill", "projector-service");
            assertEquals(0, kill.exitCode(), kill.toString());
            assertTrue(kill.out().contains("killed projector-service (pid " + oldPid + ")"), kill.toString());
            assertFalse(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false), "SIGKILL was sent");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (true) {
                Properties state = laas.state();
                if ("up".equals(state.getProperty("process.projector-service.state"))
                        && "1".equals(state.getProperty("process.projector-service.restarts"))) {
                    assertNotEquals(String.valueOf(oldPid), state.getProperty("process.projector-service.pid"));
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    fail("projector-service was not restarted:\n" + Files.readString(upOutput));
                }
                Thread.sleep(500);
            }
        } finally {
            writing.set(false);
            writer.join(30_000);
        }
        assertEquals(List.of(), failures, "writes through the gateway while the projector was down");
        assertTrue(written.get() > 0);
        Result status = laas.run(Duration.ofSeconds(60), "status");
        assertEquals(0, status.exitCode(), status.toString());
        Map<String, String[]> rows = statusRows(status.out());
        assertEquals("1", rows.get("projector-service")[6], status.out());
        assertEquals("0", rows.get("gateway")[6], status.out());
        String output = Files.readString(upOutput);
        assertTrue(output.contains("projector-service exited unexpectedly (exit code 137); restarting it in 1 s"), output);
        assertTrue(output.contains("projector-service is back"), output);
    }

    @Test
    @Order(5)
    void restartBouncesOneServiceGracefully() throws Exception {
        long oldPid = Long.parseLong(laas.state().getProperty("process.webhook-service.pid"));
        Result restart = laas.run(Duration.ofMinutes(4), "restart", "webhook-service");
        assertEquals(0, restart.exitCode(), restart.toString());
        Properties state = laas.state();
        assertNotEquals(String.valueOf(oldPid), state.getProperty("process.webhook-service.pid"));
        assertFalse(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false));
        Result status = laas.run(Duration.ofSeconds(60), "status");
        assertEquals(0, status.exitCode(), status.toString());
        assertEquals("0", statusRows(status.out()).get("webhook-service")[6], "an operator's restart is no failure");

        Result unknown = laas.run(Duration.ofSeconds(60), "restart", "no-such-service");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().startsWith("unknown service no-such-service (services: iam-service,"), unknown.toString());
    }

    @Test
    @Order(6)
    void logsShowOneServiceOrAllPrefixed() throws Exception {
        Result gatewayLog = laas.run(Duration.ofSeconds(60), "logs", "gateway", "-n", "500");
        assertEquals(0, gatewayLog.exitCode(), gatewayLog.toString());
        assertTrue(gatewayLog.out().contains("started in"), gatewayLog.toString());
        Result all = laas.run(Duration.ofSeconds(60), "logs", "-n", "2000");
        assertEquals(0, all.exitCode(), all.toString());
        for (String service : SERVICES) {
            assertTrue(all.out().lines().anyMatch(line -> line.startsWith(service + " ")), service + " in " + all.out());
        }
    }

    @Test
    @Order(7)
    void psqlRunsAgainstTheLocalDatabase() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/psql")), "psql is not installed");
        Result psql = laas.run(Duration.ofSeconds(60), "psql", "-At", "-c", "select current_user, current_database()");
        assertEquals(0, psql.exitCode(), psql.toString());
        assertEquals("laas|laas", psql.out().strip());
    }

    @Test
    @Order(8)
    void checkFindsTheLedgersConsistentAndNamesAnAccountWhoseProjectionDiffers() throws Exception {
        assertEquals(201, postTransaction().statusCode());
        String sandbox = DemoTenant.SANDBOX_LEDGER_ID;
        Result check = laas.run(Duration.ofSeconds(60), "check", "--ledger", sandbox);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!check.out().contains("matches") && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            check = laas.run(Duration.ofSeconds(60), "check", "--ledger", sandbox);
        }
        assertEquals(0, check.exitCode(), check.toString());
        String row = check.out().lines().filter(line -> line.startsWith(sandbox)).findFirst().orElseThrow();
        assertTrue(row.matches(sandbox + " +(\\d+) +\\1 +yes +matches +0 +0 .*"), row);
        assertTrue(check.out().contains("1 ledger(s) consistent"), check.toString());

        String account;
        String url = "jdbc:postgresql://127.0.0.1:" + laas.state().getProperty("database.port") + "/"
                + LocalInfra.DATABASE;
        try (Connection connection = DriverManager.getConnection(url, PostgresServer.SUPERUSER,
                PostgresServer.SUPERUSER_PASSWORD); Statement statement = connection.createStatement()) {
            try (ResultSet moved = statement.executeQuery("SELECT code FROM projector.accounts WHERE ledger_id = '"
                    + sandbox + "' AND debits > 0 ORDER BY code LIMIT 1")) {
                assertTrue(moved.next(), "an account of the sandbox ledger with debits");
                account = moved.getString(1);
            }
            String tamper = "UPDATE projector.accounts SET debits = debits %s 1 WHERE ledger_id = '" + sandbox
                    + "' AND code = '" + account + "'";
            statement.executeUpdate(tamper.formatted("+"));
            try {
                Result differs = laas.run(Duration.ofSeconds(60), "check");
                assertEquals(1, differs.exitCode(), differs.toString());
                assertTrue(differs.out().lines().anyMatch(line -> line.startsWith(sandbox) && line.contains("DIFFERS")),
                        differs.toString());
                assertTrue(differs.out().lines().anyMatch(line -> line.matches(sandbox + " projection differs, "
                        + account + ": debits (\\d+(\\.\\d+)?) written, .* projected")), differs.toString());
            } finally {
                statement.executeUpdate(tamper.formatted("-"));
            }
        }
        assertEquals(0, laas.run(Duration.ofSeconds(60), "check", "--ledger", sandbox).exitCode());

        Result notAnId = laas.run(Duration.ofSeconds(60), "check", "--ledger", "sandbox");
        assertEquals(2, notAnId.exitCode(), notAnId.toString());
        assertTrue(notAnId.err().contains("--ledger takes a ledger id"), notAnId.toString());
        Result unknown = laas.run(Duration.ofSeconds(60), "check", "--ledger", UUID.randomUUID().toString());
        assertEquals(1, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().startsWith("no such ledger: "), unknown.toString());
    }

    @Test
    @Order(9)
    void backupWhileServingAndRestoreRefusedUntilTheStackIsDown() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/postgresql/15/bin/pg_dump")),
                "pg_dump 15 is not installed");
        assertEquals(201, postTransaction().statusCode());
        Result backup = laas.run(Duration.ofMinutes(2), "backup", "--keep", "2");
        assertEquals(0, backup.exitCode(), backup.toString());
        JsonNode manifest = onlyManifest(dataDir.resolve("backups"));
        long sequence = sandboxLedger(manifest).path("last_sequence").asLong();
        assertTrue(sequence > 0, manifest.toString());
        // written after the backup: the restore below must take it back
        assertEquals(201, postTransaction().statusCode());

        Result refused = laas.run(Duration.ofSeconds(60), "restore",
                dataDir.resolve("backups").resolve(manifest.path("archive").asText()).toString());
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("stop it first"), refused.toString());
    }

    @Test
    @Order(10)
    void downStopsEveryProcessAndRemovesTheStateFile() throws Exception {
        Properties state = laas.state();
        List<Long> pids = new ArrayList<>();
        pids.add(Long.parseLong(state.getProperty("supervisor.pid")));
        for (String process : PROCESSES) {
            pids.add(Long.parseLong(state.getProperty("process." + process + ".pid")));
        }
        Result down = laas.run(Duration.ofMinutes(3), "down");
        assertEquals(0, down.exitCode(), down.toString());
        assertTrue(up.waitFor(60, TimeUnit.SECONDS), "laas up ended");
        assertEquals(0, up.exitValue(), Files.readString(upOutput));
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " is gone");
        }
        assertFalse(Files.exists(dataDir.resolve("laas.state")));
        Result status = laas.run(Duration.ofSeconds(60), "status");
        assertEquals(1, status.exitCode(), status.toString());
    }

    @Test
    @Order(11)
    void restoreWithTheStackDownBringsBackTheBackupAndNothingAfterIt() throws Exception {
        Path backups = dataDir.resolve("backups");
        Assumptions.assumeTrue(Files.isDirectory(backups), "no backup was taken");
        JsonNode taken = onlyManifest(backups);
        Result restore = laas.run(Duration.ofMinutes(3), "restore",
                backups.resolve(taken.path("archive").asText()).toString());
        assertEquals(0, restore.exitCode(), restore.toString());

        // a backup of the restored database, taken with the stack still down, holds what the first one held
        Path again = Files.createDirectories(dataDir.resolve("backups-after-restore"));
        Result backup = laas.run(Duration.ofMinutes(3), "backup", again.toString());
        assertEquals(0, backup.exitCode(), backup.toString());
        JsonNode restored = onlyManifest(again);
        assertEquals(sandboxLedger(taken), sandboxLedger(restored));
        assertEquals(taken.path("schema_versions"), restored.path("schema_versions"));
    }

    private static JsonNode sandboxLedger(JsonNode manifest) {
        return manifestLedger(manifest, DemoTenant.SANDBOX_LEDGER_ID);
    }

    private static String infoVersion(HttpResponse<String> info) {
        if (info.statusCode() != 200) {
            return "-";
        }
        try {
            return StackHttp.JSON.readTree(info.body()).path("version").asText("-");
        } catch (IOException e) {
            return "-";
        }
    }

    private static HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        return StackHttp.exchange(HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private static HttpResponse<String> postTransaction() throws IOException, InterruptedException {
        Map<String, Object> body = Map.of("idempotency_key", UUID.randomUUID().toString(), "currency", "USD",
                "occurred_at", "2024-01-01T12:00:00Z",
                "postings", List.of(Map.of("account_code", "cash", "direction", "debit", "amount", "1.00"),
                        Map.of("account_code", "revenue", "direction", "credit", "amount", "1.00")));
        return StackHttp.exchange(StackHttp.request(gateway, "/v1/transactions", DEMO_API_KEY)
                .POST(StackHttp.body(body)).build());
    }

}
