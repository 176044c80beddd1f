package io.laas.bench.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the services' schemas of the stack's database (never writes): sequences for the projection
 * lag, and the consistency checks after a run. These queries know the tables of {@code ledger},
 * {@code projector} and {@code webhook}; a migration that changes them must change these too.
 */
public final class StackDatabase implements AutoCloseable {

    /** A consistency check: a query that returns no row when all is well, and what its rows mean. */
    record Check(String problem, String sql) {
    }

    static final List<Check> CHECKS = List.of(
            new Check("debits differ from credits on the write side (ledger, currency, debits, credits)", """
                    SELECT ledger_id, currency, sum(debits), sum(credits) FROM ledger.accounts
                    GROUP BY ledger_id, currency HAVING sum(debits) <> sum(credits)"""),
            new Check("debits differ from credits in the projection (ledger, currency, debits, credits)", """
                    SELECT ledger_id, currency, sum(debits), sum(credits) FROM projector.accounts
                    GROUP BY ledger_id, currency HAVING sum(debits) <> sum(credits)"""),
            new Check("the event count differs from the ledger's sequence (ledger, sequence, events, highest sequence)", """
                    SELECT l.id, l.last_sequence, count(e.id), coalesce(max(e.sequence), 0)
                    FROM ledger.ledgers l LEFT JOIN ledger.events e ON e.ledger_id = l.id
                    GROUP BY l.id, l.last_sequence
                    HAVING count(e.id) <> l.last_sequence OR coalesce(max(e.sequence), 0) <> l.last_sequence"""),
            new Check("the projection has not applied every event (ledger, write sequence, projected sequence)", """
                    SELECT l.id, l.last_sequence, coalesce(p.last_sequence, 0)
                    FROM ledger.ledgers l LEFT JOIN projector.ledger_progress p ON p.ledger_id = l.id
                    WHERE coalesce(p.last_sequence, 0) <> l.last_sequence"""),
            new Check("an account's projected balance differs from the write side (ledger, account, write debits, "
                    + "write credits, projected debits, projected credits)", """
                    SELECT coalesce(w.ledger_id, r.ledger_id), coalesce(w.code, r.code), w.debits, w.credits, r.debits, r.credits
                    FROM ledger.accounts w FULL JOIN projector.accounts r ON r.id = w.id
                    WHERE w.id IS NULL OR r.id IS NULL OR w.debits <> r.debits OR w.credits <> r.credits"""),
            new Check("the projection's transaction count differs from the posted events (ledger, events, projected)", """
                    WITH posted AS (SELECT ledger_id, count(*) AS n FROM ledger.events
                                    WHERE type = 'transaction.posted' GROUP BY ledger_id),
                         projected AS (SELECT ledger_id, count(*) AS n FROM projector.transactions GROUP BY ledger_id)
                    SELECT ledger_id, posted.n, projected.n FROM posted FULL JOIN projected USING (ledger_id)
                    WHERE posted.n IS DISTINCT FROM projected.n"""),
            new Check("events never reached the webhook service (ledger, events missing)", """
                    SELECT e.ledger_id, count(*) FROM ledger.events e
                    WHERE NOT EXISTS (SELECT 1 FROM webhook.messages m WHERE m.id = e.id)
                    GROUP BY e.ledger_id"""));

    private static final int ROWS_SHOWN = 5;

    private final Connection connection;

    private StackDatabase(Connection connection) {
        this.connection = connection;
    }

    public static StackDatabase connect(String jdbcUrl, String user, String password) throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        connection.setAutoCommit(true);
        connection.setReadOnly(true);
        return new StackDatabase(connection);
    }

    /** Each ledger's sequence on the write side (ledgers the command service does not know are absent). */
    public Map<UUID, Long> writeSequences(Collection<UUID> ledgers) throws SQLException {
        return sequences("SELECT id, last_sequence FROM ledger.ledgers WHERE id = ANY (?)", ledgers);
    }

    /** The sequence up to which the projection has applied each ledger's events. */
    public Map<UUID, Long> projectedSequences(Collection<UUID> ledgers) throws SQLException {
        return sequences("SELECT ledger_id, last_sequence FROM projector.ledger_progress WHERE ledger_id = ANY (?)", ledgers);
    }

    /** Events the projection is behind the write side, over these ledgers. */
    public long projectionBehind(Collection<UUID> ledgers) throws SQLException {
        Map<UUID, Long> written = writeSequences(ledgers);
        Map<UUID, Long> projected = projectedSequences(ledgers);
        long behind = 0;
        for (Map.Entry<UUID, Long> ledger : written.entrySet()) {
            behind += Math.max(0, ledger.getValue() - projected.getOrDefault(ledger.getKey(), 0L));
        }
        return behind;
    }

    /** How many accounts named {@code acct-…} each ledger has on the write side. */
    public Map<UUID, Long> benchAccounts(Collection<UUID> ledgers) throws SQLException {
        return sequences("SELECT ledger_id, count(*) FROM ledger.accounts WHERE ledger_id = ANY (?) AND code LIKE 'acct-%' "
                + "GROUP BY ledger_id", ledgers);
    }

    /**
     * The projector's tables whose statistics autovacuum would refresh now: more rows changed since their
     * last analyze than {@code autovacuum_analyze_threshold + autovacuum_analyze_scale_factor × rows}. Right
     * after a bulk load the planner still plans with the statistics of a smaller table.
     */
    public List<String> projectorTablesAwaitingAnalyze() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'projector'
                AND n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
                    + current_setting('autovacuum_analyze_scale_factor')::float8 * n_live_tup
                ORDER BY relname""");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /** How many accounts the ledger has on the write side. */
    public long accountCount(UUID ledger) throws SQLException {
        return sequences("SELECT ledger_id, count(*) FROM ledger.accounts WHERE ledger_id = ANY (?) GROUP BY ledger_id",
                List.of(ledger)).getOrDefault(ledger, 0L);
    }

    /**
     * The first and last {@code recorded_at} of the ledger's {@code transaction.posted} events, epoch
     * microseconds; empty when it has none.
     */
    public Optional<long[]> recordedRange(UUID ledger) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT (extract(epoch FROM min(recorded_at)) * 1e6)::bigint, (extract(epoch FROM max(recorded_at)) * 1e6)::bigint
                FROM ledger.events WHERE ledger_id = ? AND type = 'transaction.posted'""")) {
            statement.setObject(1, ledger);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long first = rows.getLong(1);
                return rows.wasNull() ? Optional.empty() : Optional.of(new long[] { first, rows.getLong(2) });
            }
        }
    }

    /**
     * How many {@code transaction.posted} events each ledger has: one per transaction posted, whether
     * alone or as an item of a bulk request (ledgers without any are absent).
     */
    public Map<UUID, Long> postedTransactions(Collection<UUID> ledgers) throws SQLException {
        return sequences("SELECT ledger_id, count(*) FROM ledger.events WHERE ledger_id = ANY (?) "
                + "AND type = 'transaction.posted' GROUP BY ledger_id", ledgers);
    }

    /** Events of these ledgers recorded in {@code [fromMicros, untilMicros)} (epoch microseconds). */
    public long eventsRecorded(Collection<UUID> ledgers, long fromMicros, long untilMicros) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT count(*) FROM ledger.events WHERE ledger_id = ANY (?)
                AND recorded_at >= to_timestamp(? / 1e6) AND recorded_at < to_timestamp(? / 1e6)""")) {
            statement.setArray(1, connection.createArrayOf("uuid", ledgers.toArray()));
            statement.setLong(2, fromMicros);
            statement.setLong(3, untilMicros);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Events in the event store, all ledgers together. */
    public long eventCount() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM ledger.events");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Events the webhook service has not stored yet, over these ledgers. */
    public long eventsNotAtWebhookService(Collection<UUID> ledgers) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT count(*) FROM ledger.events e WHERE e.ledger_id = ANY (?)
                AND NOT EXISTS (SELECT 1 FROM webhook.messages m WHERE m.id = e.id)""")) {
            statement.setArray(1, connection.createArrayOf("uuid", ledgers.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The state of each of these events' delivery ({@code none}: no delivery at all), by sequence. */
    public Map<Long, String> deliveryStates(UUID ledger, List<Long> sequences) throws SQLException {
        Map<Long, String> states = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT e.sequence, coalesce(d.status, 'none') FROM ledger.events e
                LEFT JOIN webhook.deliveries d ON d.message_id = e.id
                WHERE e.ledger_id = ? AND e.sequence = ANY (?)""")) {
            statement.setObject(1, ledger);
            statement.setArray(2, connection.createArrayOf("bigint", sequences.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getLong(1), rows.getString(2));
                }
            }
        }
        return states;
    }

    /**
     * Runs every check over the whole database.
     *
     * @return one line per failed check, with the first offending rows; empty if all passed
     */
    public List<String> consistencyProblems() throws SQLException {
        List<String> problems = new ArrayList<>();
        for (Check check : CHECKS) {
            List<String> rows = new ArrayList<>();
            long count = 0;
            try (PreparedStatement statement = connection.prepareStatement(check.sql());
                    ResultSet result = statement.executeQuery()) {
                ResultSetMetaData columns = result.getMetaData();
                while (result.next()) {
                    count++;
                    if (rows.size() < ROWS_SHOWN) {
                        List<String> values = new ArrayList<>();
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            values.add(String.valueOf(result.getObject(i)));
                        }
                        rows.add("(" + String.join(", ", values) + ")");
                    }
                }
            }
            if (count > 0) {
                problems.add(check.problem() + ": " + count + " row(s), e.g. " + String.join(" ", rows));
            }
        }
        return problems;
    }

    private Map<UUID, Long> sequences(String sql, Collection<UUID> ledgers) throws SQLException {
        Map<UUID, Long> values = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("uuid", ledgers.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getObject(1, UUID.class), rows.getLong(2));
                }
            }
        }
        return values;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
