package io.laas.local.check;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The consistency checks an operator runs across the services' schemas, as a superuser (who reads every ledger's rows
 * past row-level security), in one snapshot: per ledger, whether the write model is balanced (per currency, debits
 * equal credits and held debits equal held credits), whether the projection is caught up and, when it is, whether
 * every account's totals in the read model are the write model's; the projector's open failed and parked events and
 * the webhook deliveries by status. The hash chain is checked by the command service itself
 * ({@code GET /v1/ledgers/{id}/verify}), not here.
 */
public final class ConsistencyCheck {

    private static final String LEDGERS = """
            SELECT l.id, l.last_sequence, coalesce(p.last_sequence, 0) AS projected_sequence
            FROM ledger.ledgers l LEFT JOIN projector.ledger_progress p ON p.ledger_id = l.id
            WHERE cardinality(?::uuid[]) = 0 OR l.id = ANY (?::uuid[])
            ORDER BY l.created_at, l.id""";

    private static final String UNBALANCED = """
            SELECT currency, sum(debits) AS debits, sum(credits) AS credits,
                   sum(pending_debits) AS pending_debits, sum(pending_credits) AS pending_credits
            FROM ledger.accounts WHERE ledger_id = ?
            GROUP BY currency
            HAVING sum(debits) <> sum(credits) OR sum(pending_debits) <> sum(pending_credits)
            ORDER BY currency""";

    private static final String PROJECTION_MISMATCHES = """
            SELECT coalesce(w.code, r.code) AS code,
                   w.debits AS w_debits, w.credits AS w_credits, w.pending_debits AS w_pending_debits,
                   w.pending_credits AS w_pending_credits,
                   r.debits AS r_debits, r.credits AS r_credits, r.pending_debits AS r_pending_debits,
                   r.pending_credits AS r_pending_credits
            FROM (SELECT * FROM ledger.accounts WHERE ledger_id = ?) w
            FULL JOIN (SELECT * FROM projector.accounts WHERE ledger_id = ?) r ON r.id = w.id
            WHERE w.id IS NULL OR r.id IS NULL
               OR (w.debits, w.credits, w.pending_debits, w.pending_credits)
                  IS DISTINCT FROM (r.debits, r.credits, r.pending_debits, r.pending_credits)
            ORDER BY 1""";

    private static final String PROJECTOR_BACKLOG = """
            SELECT (SELECT count(*) FROM projector.failed_events WHERE ledger_id = ? AND status = 'failed'),
                   (SELECT count(*) FROM projector.parked_events WHERE ledger_id = ?)""";

    private static final String DELIVERIES = """
            SELECT status, count(*) FROM webhook.deliveries WHERE ledger_id = ? GROUP BY status ORDER BY status""";

    private ConsistencyCheck() {
    }

    /** Checks the given ledgers (every ledger when none is given) in one repeatable-read snapshot. */
    public static List<LedgerReport> run(Connection connection, List<UUID> ledgers) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            List<LedgerReport> reports = new ArrayList<>();
            for (LedgerProgress ledger : ledgers(connection, ledgers)) {
                reports.add(check(connection, ledger));
            }
            return reports;
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    private static List<LedgerProgress> ledgers(Connection connection, List<UUID> ledgers) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(LEDGERS)) {
            java.sql.Array ids = connection.createArrayOf("uuid", ledgers.toArray());
            query.setArray(1, ids);
            query.setArray(2, ids);
            List<LedgerProgress> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(new LedgerProgress(rows.getObject(1, UUID.class), rows.getLong(2), rows.getLong(3)));
                }
            }
            return found;
        }
    }

    private static LedgerReport check(Connection connection, LedgerProgress ledger) throws SQLException {
        List<String> unbalanced = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(UNBALANCED)) {
            query.setObject(1, ledger.id());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    unbalanced.add(rows.getString("currency") + ": debits " + plain(rows, "debits") + ", credits "
                            + plain(rows, "credits") + ", held debits " + plain(rows, "pending_debits")
                            + ", held credits " + plain(rows, "pending_credits"));
                }
            }
        }
        List<String> mismatches = new ArrayList<>();
        boolean compared = ledger.projectedSequence() == ledger.sequence();
        if (compared) {
            try (PreparedStatement query = connection.prepareStatement(PROJECTION_MISMATCHES)) {
                query.setObject(1, ledger.id());
                query.setObject(2, ledger.id());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        mismatches.add(mismatch(rows));
                    }
                }
            }
        }
        long failedEvents;
        long parkedEvents;
        try (PreparedStatement query = connection.prepareStatement(PROJECTOR_BACKLOG)) {
            query.setObject(1, ledger.id());
            query.setObject(2, ledger.id());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                failedEvents = rows.getLong(1);
                parkedEvents = rows.getLong(2);
            }
        }
        Map<String, Long> deliveries = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(DELIVERIES)) {
            query.setObject(1, ledger.id());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    deliveries.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return new LedgerReport(ledger.id(), ledger.sequence(), ledger.projectedSequence(), unbalanced, compared,
                mismatches, failedEvents, parkedEvents, deliveries);
    }

    private static String mismatch(ResultSet row) throws SQLException {
        String code = row.getString("code");
        if (row.getBigDecimal("w_debits") == null) {
            return code + ": in the projection only";
        }
        if (row.getBigDecimal("r_debits") == null) {
            return code + ": missing from the projection";
        }
        List<String> differences = new ArrayList<>();
        for (String field : List.of("debits", "credits", "pending_debits", "pending_credits")) {
            BigDecimal written = row.getBigDecimal("w_" + field);
            BigDecimal projected = row.getBigDecimal("r_" + field);
            if (written.compareTo(projected) != 0) {
                differences.add(field + " " + written.toPlainString() + " written, " + projected.toPlainString()
                        + " projected");
            }
        }
        return code + ": " + String.join("; ", differences);
    }

    private static String plain(ResultSet row, String column) throws SQLException {
        return Objects.requireNonNullElse(row.getBigDecimal(column), BigDecimal.ZERO).toPlainString();
    }

    private record LedgerProgress(UUID id, long sequence, long projectedSequence) {
    }

    /**
     * What the checks found for one ledger. {@code balancesCompared} is false while the projection is behind the
     * write model (its totals are then those of an earlier sequence).
     */
    public record LedgerReport(UUID ledgerId, long sequence, long projectedSequence, List<String> unbalanced,
            boolean balancesCompared, List<String> projectionMismatches, long failedEvents, long parkedEvents,
            Map<String, Long> deliveriesByStatus) {

        public LedgerReport {
            unbalanced = List.copyOf(unbalanced);
            projectionMismatches = List.copyOf(projectionMismatches);
            deliveriesByStatus = Collections.unmodifiableMap(new LinkedHashMap<>(deliveriesByStatus));
        }

        /** Whether something needs an operator: an unbalanced write model, a projection that differs, failed events. */
        public boolean consistent() {
            return unbalanced.isEmpty() && projectionMismatches.isEmpty() && failedEvents == 0;
        }
    }
}
