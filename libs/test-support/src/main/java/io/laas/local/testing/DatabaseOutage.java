package io.laas.local.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.laas.local.PostgresServer;

/**
 * Makes the database unavailable to some roles, as an outage looks to a service (which connects as its own role
 * and, for cross-ledger work, as the batch role): {@link #begin} forbids the roles to log in and terminates their
 * open connections (through a superuser connection of the test
 * PostgreSQL), so every query and every reconnection attempt of the service fails; {@link #close} lets the
 * roles log in again. The server itself keeps running, so the test can still look at the data.
 */
public final class DatabaseOutage implements AutoCloseable {

    private final String url;
    private final List<String> roles;
    private boolean ended;

    private DatabaseOutage(String url, List<String> roles) {
        this.url = url;
        this.roles = roles;
    }

    public static DatabaseOutage begin(String host, int port, String database, String... roles) {
        DatabaseOutage outage = new DatabaseOutage("jdbc:postgresql://" + host + ":" + port + "/" + database,
                List.of(roles));
        for (String role : roles) {
            outage.execute("ALTER ROLE \"" + role + "\" NOLOGIN");
        }
        outage.terminateConnections();
        return outage;
    }

    /** Terminates the roles' connections again; returns how many there were. */
    public int terminateConnections() {
        try (Connection connection = superuser();
                PreparedStatement statement = connection.prepareStatement("SELECT count(pg_terminate_backend(pid)) "
                        + "FROM pg_stat_activity WHERE usename = ANY (?) AND pid <> pg_backend_pid()")) {
            statement.setArray(1, connection.createArrayOf("text", roles.toArray()));
            var rows = statement.executeQuery();
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not terminate the connections of " + roles, e);
        }
    }

    /** Ends the outage: the role may log in again. */
    @Override
    public void close() {
        if (!ended) {
            for (String role : roles) {
                execute("ALTER ROLE \"" + role + "\" LOGIN");
            }
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
