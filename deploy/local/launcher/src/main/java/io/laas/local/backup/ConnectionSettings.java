package io.laas.local.backup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where the database to back up or restore is, and the role that reads and writes all of it (a superuser). */
public record ConnectionSettings(String host, int port, String user, String password, String database) {

    Connection connect(String databaseName) throws BackupException {
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + databaseName;
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw new BackupException("Cannot connect to PostgreSQL at " + host + ":" + port + " (database " + databaseName
                    + ", user " + user + "): " + e.getMessage()
                    + (isConnectionRefused(e) ? " (is the local stack running? deploy/local/up starts it)" : ""), e);
        }
    }

    private static boolean isConnectionRefused(SQLException e) {
        return "08001".equals(e.getSQLState()) || String.valueOf(e.getMessage()).contains("refused");
    }
}
