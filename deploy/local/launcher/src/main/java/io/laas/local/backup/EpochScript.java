package io.laas.local.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/**
 * Starts a new epoch of the event log on a restored database with {@code start-epoch.sql}, the script a Kubernetes
 * operator runs with psql after a point-in-time recovery (docs/operations.md, "Backup and restore").
 */
public final class EpochScript {

    static final String RESOURCE = "start-epoch.sql";

    private EpochScript() {
    }

    /**
     * Runs the script in one transaction on {@code superuser}'s database and returns the new epoch, above
     * {@code previousEpoch} (the replaced database's) too; empty, changing nothing, when the database predates epochs
     * (no {@code ledger.epochs}: a backup of an older release).
     */
    public static OptionalLong startEpoch(Connection superuser, OptionalLong previousEpoch)
            throws SQLException, BackupException {
        boolean autoCommit = superuser.getAutoCommit();
        superuser.setAutoCommit(false);
        try (Statement statement = superuser.createStatement()) {
            if (single(statement, "SELECT to_regclass('ledger.epochs')::text") == null) {
                superuser.rollback();
                return OptionalLong.empty();
            }
            if (previousEpoch.isPresent()) {
                statement.execute("SET LOCAL laas.previous_epoch = " + previousEpoch.getAsLong());
            }
            statement.execute(script());
            long epoch = Long.parseLong(single(statement, "SELECT max(epoch) FROM ledger.epochs"));
            superuser.commit();
            return OptionalLong.of(epoch);
        } catch (SQLException | BackupException | RuntimeException e) {
            superuser.rollback();
            throw e;
        } finally {
            superuser.setAutoCommit(autoCommit);
        }
    }

    /** The latest epoch of a database, empty when it predates epochs. */
    public static OptionalLong latestEpoch(Connection superuser) throws SQLException {
        try (Statement statement = superuser.createStatement()) {
            if (single(statement, "SELECT to_regclass('ledger.epochs')::text") == null) {
                return OptionalLong.empty();
            }
            String latest = single(statement, "SELECT max(epoch) FROM ledger.epochs");
            return latest == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(latest));
        }
    }

    static String script() throws BackupException {
        try (InputStream in = EpochScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BackupException("The epoch script " + RESOURCE + " is missing from the launcher");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackupException("Cannot read the epoch script: " + e.getMessage(), e);
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
