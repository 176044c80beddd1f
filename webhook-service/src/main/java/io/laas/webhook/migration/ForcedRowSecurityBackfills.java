package io.laas.webhook.migration;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Lets released migrations backfill rows that forced row-level security hides from them. V6 forces row-level
 * security and then copies each endpoint's ledger onto its deliveries and attempts; V8 copies each message's position
 * onto its deliveries and dates the disabled endpoints. Forced, the policies bind the migrating role too, which sets
 * no ledger and so sees no endpoint or message: on a database that already holds deliveries the {@code SET NOT NULL}
 * after the copy fails. Released migrations cannot change (their checksums are pinned), so instead, in the
 * migration's own transaction, a policy opens the tables it reads to the migrating role before it runs and is
 * dropped right after it. Nothing else ever sees the policy, and a failed migration rolls it back with the rest.
 */
public final class ForcedRowSecurityBackfills implements Callback {

    static final String POLICY = "migration_backfill_reads_all";
    /** The tables each migration's backfill reads or updates across ledgers. */
    static final Map<MigrationVersion, List<String>> TABLES = Map.of(
            MigrationVersion.fromVersion("6"), List.of("endpoints"),
            MigrationVersion.fromVersion("8"), List.of("endpoints", "messages"));

    @Override
    public boolean supports(Event event, Context context) {
        return (event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE)
                && context.getMigrationInfo() != null && TABLES.containsKey(context.getMigrationInfo().getVersion());
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        MigrationVersion version = context.getMigrationInfo().getVersion();
        for (String table : TABLES.get(version)) {
            String sql = event == Event.BEFORE_EACH_MIGRATE
                    ? "CREATE POLICY " + POLICY + " ON " + table + " TO CURRENT_USER USING (true) WITH CHECK (true)"
                    : "DROP POLICY " + POLICY + " ON " + table;
            try (Statement statement = context.getConnection().createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new FlywayException("Could not prepare the backfill of migration " + version + ": " + sql, e);
            }
        }
    }

    @Override
    public String getCallbackName() {
        return "forced-row-security-backfills";
    }
}
