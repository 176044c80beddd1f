package io.laas.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged LaaS service running as a process of its own, its output in a log file. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Throughput on a small machine (2 cores shared by five services, PostgreSQL and Kafka), each service
     * under 300 MB RSS: the serial collector (no GC threads competing with the services; G1's barriers
     * and concurrent work cost the most CPU per request in measurements), a fixed 48 MB young generation
     * (far fewer young collections than the 17 MB eden a heap starting at 64 MB gets), a heap of 96 MB
     * growing to 192 MB at most, and the full JIT (C2: {@code -XX:TieredStopAtLevel=1} starts faster but
     * runs slower). Measurements and reasons: docs/architecture.md, "JVM settings".
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms96m", "-Xmx192m", "-Xmn48m");

    /**
     * glibc gives every thread that allocates its own malloc arena (up to 8 per core), each holding freed
     * memory the JVM's native allocations (JIT, Netty, the Kafka client's compression) leave behind; two
     * arenas keep a service's resident memory from creeping up over a long run.
     */
    static final Map<String, String> PROCESS_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    /** How much of its log a process that failed to start shows. */
    static final int START_FAILURE_LINES = 20;

    private final String name;
    private final int port;
    private final int managementPort;
    private final Path jar;
    private final Path logFile;
    private final Map<String, String> environment;
    private Process process;

    ServiceProcess(String name, int port, int managementPort, Path jar, Path logFile, Map<String, String> environment) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.jar = jar;
        this.logFile = logFile;
        this.environment = Map.copyOf(environment);
    }

    public synchronized void start() throws IOException {
        if (!Files.exists(jar)) {
            throw new IOException(jar + " is missing: build the services first (./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(PROCESS_ENVIRONMENT);
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Waits until {@code /q/health/ready} answers 200 on the management interface. */
    public void awaitReady(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + " while starting; last "
                        + START_FAILURE_LINES + " lines of " + logFile + ":\n" + tail(START_FAILURE_LINES));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for " + name, e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(name + " was not ready within " + timeout + "; last " + START_FAILURE_LINES
                        + " lines of " + logFile + ":\n" + tail(START_FAILURE_LINES));
            }
            sleep(250);
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where {@code /q/health*}, {@code /q/metrics} and {@code /q/openapi} are served (not on {@link #url()}). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** The exit code of the process that ended, or empty while it runs (or before it started). */
    public synchronized java.util.OptionalInt exitCode() {
        return process == null || process.isAlive() ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(process.exitValue());
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating system's id of the running process. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was not started");
        }
        return process.pid();
    }

    /**
     * SIGKILL ({@code kill -9}): the process ends at once, as in a crash, without closing anything (its Kafka
     * consumer leaves no group, its database transactions are cut off). Waits until it is gone.
     */
    public synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, so Quarkus shuts down gracefully; forcibly after 20 seconds. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
