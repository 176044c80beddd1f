package io.laas.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.local.LocalInfra;

/**
 * {@code deploy/local/laas} run as an operator runs it, as processes, on a stack of its own: free ports and a data
 * directory under {@code target/<name>} emptied first, so that it never meets the stack of another test.
 */
final class LaasCommand {

    static final List<String> SERVICES = List.of("iam-service", "ledger-command-service", "projector-service",
            "webhook-service", "gateway");
    private static final List<String> PORT_NAMES = List.of("GATEWAY", "IAM", "COMMAND", "PROJECTOR", "WEBHOOK");

    /** A finished subcommand. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path repoRoot;
    private final Path work;
    private final Path dataDir;
    private final Map<String, Integer> ports;
    private final Map<String, String> environment;

    private LaasCommand(Path repoRoot, Path work, Map<String, Integer> ports) {
        this.repoRoot = repoRoot;
        this.work = work;
        this.dataDir = work.resolve("data");
        this.ports = ports;
        this.environment = new LinkedHashMap<>();
        ports.forEach((name, port) -> environment.put(name, String.valueOf(port)));
        environment.put("LAAS_DATA_DIR", dataDir.toString());
        // on a machine shared by many builds a service may take minutes to become ready
        environment.put("LAAS_READY_TIMEOUT_SECONDS", "480");
    }

    /** The command for a stack in {@code target/<name>} (emptied now) on free ports. */
    static LaasCommand onFreePorts(String name) throws IOException {
        Path work = Path.of("target", name).toAbsolutePath();
        if (Files.exists(work)) {
            try (var paths = Files.walk(work)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(work);
        Iterator<Integer> free = LocalInfra.freePorts(11).iterator();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String service : PORT_NAMES) {
            ports.put("LAAS_" + service + "_PORT", free.next());
            ports.put("LAAS_" + service + "_MANAGEMENT_PORT", free.next());
        }
        ports.put("LAAS_POSTGRES_PORT", free.next());
        // the broker's controller listens on the next port
        ports.put("LAAS_KAFKA_PORT", LocalInfra.freePortPair());
        return new LaasCommand(RepositoryRoot.path(), work, ports);
    }

    /** The folder of this stack: its data directory and whatever the test writes next to it. */
    Path work() {
        return work;
    }

    Path dataDir() {
        return dataDir;
    }

    /** A port by its variable name without {@code LAAS_} and {@code _PORT}: {@code port("GATEWAY")}. */
    int port(String name) {
        return ports.get("LAAS_" + name + "_PORT");
    }

    String gateway() {
        return "http://localhost:" + port("GATEWAY");
    }

    /** The management URL ({@code /q/metrics}, {@code /q/health}) of a service by its port name: {@code PROJECTOR}. */
    String managementUrl(String name) {
        return "http://127.0.0.1:" + port(name + "_MANAGEMENT");
    }

    /** {@code deploy/local/laas args...} with this stack's environment, not started yet. */
    ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(repoRoot.resolve("deploy/local/laas").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repoRoot.toFile());
        builder.environment().putAll(environment);
        return builder;
    }

    /** Runs {@code deploy/local/laas args...} to its end; fails the test when it takes longer than {@code timeout}. */
    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("laas-out", ".txt");
        Path err = Files.createTempFile("laas-err", ".txt");
        try {
            Process process = command(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("laas " + String.join(" ", args) + " took more than " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs the subcommand and fails the test unless it exits with 0. */
    Result succeed(Duration timeout, String... args) throws IOException, InterruptedException {
        Result result = run(timeout, args);
        assertEquals(0, result.exitCode(), "laas " + String.join(" ", args) + ": " + result);
        return result;
    }

    /** The supervisor's state file ({@code <data>/laas.state}) of the running stack. */
    Properties state() throws IOException {
        Properties state = new Properties();
        try (Reader reader = Files.newBufferedReader(dataDir.resolve("laas.state"))) {
            state.load(reader);
        }
        return state;
    }

    boolean isUp() {
        return Files.exists(dataDir.resolve("laas.state"));
    }

    /** The status table's rows by process: PROCESS, PID, PORT(S), STATE, HEALTH, VERSION, RESTARTS, LAG. */
    static Map<String, String[]> statusRows(String status) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        boolean table = false;
        for (String line : status.split("\n")) {
            if (line.startsWith("PROCESS")) {
                table = true;
            } else if (table && !line.isBlank()) {
                String[] cells = line.split("\\s{2,}", 8);
                rows.put(cells[0], cells);
            }
        }
        return rows;
    }

    /** The manifest of the one backup in {@code dir}. */
    static JsonNode onlyManifest(Path dir) throws IOException {
        List<Path> manifests;
        try (var files = Files.list(dir)) {
            manifests = files.filter(file -> file.getFileName().toString().endsWith(".manifest.json")).toList();
        }
        assertEquals(1, manifests.size(), "manifests in " + dir + ": " + manifests);
        return StackHttp.JSON.readTree(Files.readString(manifests.get(0)));
    }

    /** A ledger's entry ({@code ledger_id}, {@code last_sequence}, {@code chain_head}) in a backup's manifest. */
    static JsonNode manifestLedger(JsonNode manifest, String ledgerId) {
        for (JsonNode ledger : manifest.path("ledgers")) {
            if (ledger.path("ledger_id").asText().equals(ledgerId)) {
                return ledger;
            }
        }
        return fail("ledger " + ledgerId + " is not in the manifest: " + manifest);
    }
}
