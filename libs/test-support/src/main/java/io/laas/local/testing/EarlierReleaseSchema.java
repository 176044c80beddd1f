package io.laas.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;

import io.laas.local.PostgresServer;

/**
 * A service's schema as an earlier release left it: the service's migrations up to that release only, then the rows
 * that release's code wrote (a SQL script: the traffic before the upgrade). Starting the current service on it is
 * the upgrade ({@link MigrationUpgrade} for a Quarkus test; a whole-suite test starts the services itself).
 */
public final class EarlierReleaseSchema {

    private EarlierReleaseSchema() {
    }

    /**
     * Creates {@code database} afresh (dropping an earlier one of that name), applies the migrations of
     * {@code migrations} up to {@code version} to {@code schema} as the service's role, and runs {@code seed} there
     * as that role, in one transaction.
     */
    public static void prepareDatabase(int port, String username, String password, String database, String schema,
            Path migrations, String version, Path seed) {
        String script;
        try {
            script = Files.readString(seed);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + seed, e);
        }
        try {
            dropDatabase(port, database);
            PostgresServer.createDatabase(port, database, username, password);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Could not create " + database + " afresh", e);
        }
        prepareSchema(port, username, password, database, schema, migrations, version, script);
    }

    /**
     * Applies the migrations of {@code migrations} up to {@code version} to {@code schema} of the existing
     * {@code database} as the service's role, and runs {@code script} there as that role, in one transaction.
     */
    public static void prepareSchema(int port, String username, String password, String database, String schema,
            Path migrations, String version, String script) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        Flyway.configure()
                .dataSource(url, username, password)
                .schemas(schema)
                .defaultSchema(schema)
                .locations("filesystem:" + migrations.toAbsolutePath())
                .target(version)
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url + "?currentSchema=" + schema, username, password);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute(script);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the upgrade rows into " + database + "." + schema, e);
        }
    }

    private static void dropDatabase(int port, String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        }
    }
}
