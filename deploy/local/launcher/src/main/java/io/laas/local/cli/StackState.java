package io.laas.local.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code laas up} tells the other subcommands while it runs, in {@code laas.state} in the data directory:
 * the supervisor's process and control channel, each process (PID, ports, state, restarts, log file), the
 * database and the demo tenant's credentials. Written whole (a temporary file moved over it), readable by the
 * user only (it holds the control token and secrets), removed when the stack stops cleanly.
 */
record StackState(long supervisorPid, int controlPort, String controlToken, Instant startedAt, String gatewayUrl,
        Database database, Map<String, String> demo, List<Entry> processes) {

    static final String FILE_NAME = "laas.state";
    static final String NOT_RUNNING = "LaaS is not running (start it with deploy/local/laas up)";

    StackState {
        demo = Map.copyOf(demo);
        processes = List.copyOf(processes);
    }

    /** The database as the application role sees it (psql). */
    record Database(int port, String name, String username, String password) {
    }

    /**
     * One process of the stack. {@code state}: {@code up}, {@code restarting} (dead or starting again under the
     * supervisor), {@code down} (given up or stopped); PostgreSQL and Kafka are not supervised and stay {@code up}
     * here: readers check their PIDs.
     */
    record Entry(String name, String kind, long pid, int port, int managementPort, String state, int restarts,
            Instant startedAt, Path log) {

        boolean isService() {
            return kind.equals("service");
        }
    }

    static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    Optional<Entry> process(String name) {
        return processes.stream().filter(entry -> entry.name().equals(name)).findFirst();
    }

    List<Entry> services() {
        return processes.stream().filter(Entry::isService).toList();
    }

    /**
     * The state of the stack that runs, or empty when there is no state file or the supervisor that wrote it is
     * gone (killed without cleaning up: the file is stale and left for {@code laas up} to replace).
     */
    static Optional<StackState> readLive(Path dataDir) throws IOException {
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        StackState state = read(file);
        return isAlive(state.supervisorPid()) ? Optional.of(state) : Optional.empty();
    }

    static boolean isAlive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static StackState read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        try {
            List<Entry> entries = new ArrayList<>();
            for (String name : properties.getProperty("processes", "").split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                String prefix = "process." + name + ".";
                String log = properties.getProperty(prefix + "log", "");
                entries.add(new Entry(name, properties.getProperty(prefix + "kind"),
                        Long.parseLong(properties.getProperty(prefix + "pid", "0")),
                        Integer.parseInt(properties.getProperty(prefix + "port", "0")),
                        Integer.parseInt(properties.getProperty(prefix + "management_port", "0")),
                        properties.getProperty(prefix + "state", "up"),
                        Integer.parseInt(properties.getProperty(prefix + "restarts", "0")),
                        Instant.parse(properties.getProperty(prefix + "started_at")),
                        log.isEmpty() ? null : Path.of(log)));
            }
            Map<String, String> demo = new LinkedHashMap<>();
            properties.stringPropertyNames().stream().filter(key -> key.startsWith("demo.")).sorted()
                    .forEach(key -> demo.put(key.substring("demo.".length()), properties.getProperty(key)));
            return new StackState(Long.parseLong(properties.getProperty("supervisor.pid")),
                    Integer.parseInt(properties.getProperty("control.port")), properties.getProperty("control.token"),
                    Instant.parse(properties.getProperty("started_at")), properties.getProperty("gateway.url"),
                    new Database(Integer.parseInt(properties.getProperty("database.port")),
                            properties.getProperty("database.name"), properties.getProperty("database.username"),
                            properties.getProperty("database.password")),
                    demo, entries);
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a state file laas up wrote (" + e + "); if LaaS is not running,"
                    + " delete it", e);
        }
    }

    void write(Path dataDir) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("supervisor.pid", String.valueOf(supervisorPid));
        properties.setProperty("control.port", String.valueOf(controlPort));
        properties.setProperty("control.token", controlToken);
        properties.setProperty("started_at", startedAt.toString());
        properties.setProperty("gateway.url", gatewayUrl);
        properties.setProperty("database.port", String.valueOf(database.port()));
        properties.setProperty("database.name", database.name());
        properties.setProperty("database.username", database.username());
        properties.setProperty("database.password", database.password());
        demo.forEach((key, value) -> properties.setProperty("demo." + key, value));
        properties.setProperty("processes", String.join(",", processes.stream().map(Entry::name).toList()));
        for (Entry entry : processes) {
            String prefix = "process." + entry.name() + ".";
            properties.setProperty(prefix + "kind", entry.kind());
            properties.setProperty(prefix + "pid", String.valueOf(entry.pid()));
            properties.setProperty(prefix + "port", String.valueOf(entry.port()));
            properties.setProperty(prefix + "management_port", String.valueOf(entry.managementPort()));
            properties.setProperty(prefix + "state", entry.state());
            properties.setProperty(prefix + "restarts", String.valueOf(entry.restarts()));
            properties.setProperty(prefix + "started_at", entry.startedAt().toString());
            properties.setProperty(prefix + "log", entry.log() == null ? "" : entry.log().toString());
        }
        Path target = file(dataDir);
        Path temporary = Files.createTempFile(dataDir, FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (Writer writer = Files.newBufferedWriter(temporary)) {
                properties.store(writer, "written by deploy/local/laas up; removed when it stops");
            }
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static void delete(Path dataDir) throws IOException {
        Files.deleteIfExists(file(dataDir));
    }
}
