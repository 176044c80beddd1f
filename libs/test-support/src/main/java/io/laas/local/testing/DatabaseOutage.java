package io.laas.local.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.laas.local.PostgresServer;

/**
 * Makes the database unavailable to one role, as an outage looks to a service: {@link #begin} forbids the
 * role to log in and terminates its open connections (through a superuser connection of the test
 * PostgreSQL), so every query and every reconnection attempt of the service fails; {@link #close} lets the
 * role log in again. The server itself keeps running, so the test can still look at the data.
 */
public final class DatabaseOutage implements AutoCloseable {

    private final String url;
    private final String role;
    private boolean ended;

    private DatabaseOutage(String url, String role) {
        this.url = url;
        this.role = role;
    }

    public static DatabaseOutage begin(String host, int port, String database, String role) {
        DatabaseOutage outage = new DatabaseOutage("jdbc:postgresql://" + host + ":" + port + "/" + database, role);
        outage.execute("ALTER ROLE \"" + role + "\" NOLOGIN");
        outage.terminateConnections();
        return outage;
    }

    /** Terminates the role's connections again; returns how many there were. */
    public int terminateConnections() {
        try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
            var rows = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE usename = '" + role.replace("'", "''") + "' AND pid <> pg_backend_pid()");
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not terminate the connections of " + role, e);
        }
    }

    /** Ends the outage: the role may log in again. */
    @Override
    public void close() {
        if (!ended) {
            execute("ALTER ROLE \"" + role + "\" LOGIN");
            ended = true;
        }
    }

    private void execute(String sql) {
        try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run " + sql, e);
        }
    }

    private Connection superuser() throws SQLException {
        return DriverManager.getConnection(url, PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD);
    }
}
