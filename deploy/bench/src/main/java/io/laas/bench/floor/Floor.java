package io.laas.bench.floor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.laas.bench.BenchSetupException;

/**
 * Runs the floor: pgbench with the floor's scripts against a database of its own ({@code floor}) on the
 * stack's PostgreSQL server, created afresh for every run.
 */
public final class Floor {

    /** Where the floor runs and with which credentials. */
    public record Server(String host, int port, String superUser, String superPassword, String owner,
            String ownerPassword) {
    }

    public static final String DATABASE = "floor";
    private static final int PGBENCH_THREADS = 2;
    private static final int BATCH_CLIENTS = 2;
    private static final int BATCH_MAX_TRIES = 20;

    private final Path scripts;
    private final String pgbench;
    private final Server server;

    public Floor(Path scripts, String pgbench, Server server) {
        this.scripts = scripts;
        this.pgbench = pgbench;
        this.server = server;
    }

    /** Drops and creates the {@code floor} database and loads the floor's schema. */
    public void prepare() throws IOException {
        String admin = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, server.superUser(), server.superPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER \"" + server.owner() + "\"");
        } catch (SQLException e) {
            throw new BenchSetupException("Could not create the database " + DATABASE + " as " + server.superUser()
                    + " on " + server.host() + ":" + server.port() + " (superuser: --pg-superuser): " + e.getMessage());
        }
        String floorUrl = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + DATABASE;
        try (Connection connection = DriverManager.getConnection(floorUrl, server.owner(), server.ownerPassword());
                Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(scripts.resolve("schema.sql"), StandardCharsets.UTF_8));
        } catch (SQLException e) {
            throw new BenchSetupException("Could not load the floor schema: " + e.getMessage());
        }
    }

    /** Runs one script for {@code seconds}; the batch scripts with their own client count and retries. */
    public PgbenchOutput run(FloorScript script, int clients, int seconds) throws IOException {
        List<String> command = new ArrayList<>(List.of(pgbench, "-n", "-c", Integer.toString(clients(script, clients)),
                "-j", Integer.toString(PGBENCH_THREADS), "-T", Integer.toString(seconds)));
        if (script.batch()) {
            command.add("--max-tries=" + BATCH_MAX_TRIES);
        }
        command.addAll(List.of("-f", scripts.resolve(script.file()).toString(), DATABASE));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGHOST", server.host());
        builder.environment().put("PGPORT", Integer.toString(server.port()));
        builder.environment().put("PGUSER", server.owner());
        builder.environment().put("PGPASSWORD", server.ownerPassword());
        Process process = builder.start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("pgbench did not end");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("pgbench " + script.file() + " failed (exit " + process.exitValue() + "):\n" + text);
            }
            return PgbenchOutput.parse(text);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public static int clients(FloorScript script, int clients) {
        return script.batch() ? BATCH_CLIENTS : clients;
    }
}
