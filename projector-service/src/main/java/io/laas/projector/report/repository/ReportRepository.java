package io.laas.projector.report.repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.balance.Basis;
import io.laas.projector.report.AccountBalance;
import io.laas.tenancy.LedgerScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The posted figures of a ledger's accounts for its reports, each report in one statement (so one state of the
 * read model): the accounts' current totals, or their totals before a time read from the account entries with
 * the same probes as a balance as of a time (docs/architecture.md, "Statements and balances as of a time"), one
 * account after the other. Accounts come by currency, then code in byte order, which is the order of their tree.
 * Parameters: $1 ledger, $2 currency (null: every one), $3 the account types wanted, then the times.
 */
@ApplicationScoped
public class ReportRepository {

    private static final String ACCOUNTS = """
            FROM accounts a
            WHERE a.ledger_id = $1 AND ($2::text IS NULL OR a.currency = $2) AND a.type = ANY($3::text[])
            """;

    private static final String ORDER = " ORDER BY a.currency COLLATE \"C\", a.code COLLATE \"C\"";

    private static final String COLUMNS = "SELECT a.code, a.name, a.type, a.normal_balance, a.currency, a.scale, "
            + "a.parent_code, ";

    /** The accounts' current posted totals: everything the read model has applied. */
    private static final String CURRENT = COLUMNS + "a.debits - a.credits AS net_debit " + ACCOUNTS + ORDER;

    private static final String BEFORE_EFFECTIVE = COLUMNS + beforeEffective("$4") + " AS net_debit " + ACCOUNTS
            + ORDER;

    private static final String BEFORE_RECORDED = COLUMNS + beforeRecorded("$4") + " AS net_debit " + ACCOUNTS
            + ORDER;

    private static final String BETWEEN_EFFECTIVE = COLUMNS + beforeEffective("$5") + " - " + beforeEffective("$4")
            + " AS net_debit " + ACCOUNTS + ORDER;

    private static final String BETWEEN_RECORDED = COLUMNS + beforeRecorded("$5") + " - " + beforeRecorded("$4")
            + " AS net_debit " + ACCOUNTS + ORDER;

    private final Pool pool;

    public ReportRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Debits − credits of the account's entries before {@code time} in effective order: the last checkpoint at or
     * before it plus the entries of its chunk before it (at most 512), as {@code BalanceRepository} reads it.
     */
    private static String beforeEffective(String time) {
        return """
                coalesce((SELECT c.debits - c.credits + coalesce((
                        SELECT sum(CASE WHEN e.direction = 'debit' THEN e.amount ELSE -e.amount END)
                        FROM account_entries e
                        WHERE e.account_id = a.id
                          AND (e.effective_at, e.sequence, e.position) >= (c.effective_at, c.sequence, c.position)
                          AND (e.effective_at, e.sequence, e.position) < (%1$s, 0, 0)), 0)
                 FROM (SELECT c.effective_at, c.sequence, c.position, c.debits, c.credits
                       FROM account_checkpoints c
                       WHERE c.account_id = a.id AND (c.effective_at, c.sequence, c.position) <= (%1$s, 0, 0)
                       ORDER BY c.effective_at DESC, c.sequence DESC, c.position DESC LIMIT 1) c), 0)""".formatted(time);
    }

    /** Debits − credits after the account's last entry recorded before {@code time}: one backward probe. */
    private static String beforeRecorded(String time) {
        return """
                coalesce((SELECT e.debits - e.credits FROM account_entries e
                          WHERE e.account_id = a.id AND e.recorded_at < %1$s
                          ORDER BY e.recorded_at DESC, e.sequence DESC, e.position DESC LIMIT 1), 0)""".formatted(time);
    }

    /** The accounts of these types (and this currency, unless {@code null}) with their current posted totals. */
    public Uni<List<AccountBalance>> current(UUID ledgerId, String currency, List<String> types) {
        return LedgerScope.query(pool, ledgerId, CURRENT, Tuple.of(ledgerId, currency, types.toArray(String[]::new)))
                .map(ReportRepository::balances);
    }

    /** The same accounts with the totals of their entries before {@code time} on {@code basis}. */
    public Uni<List<AccountBalance>> before(UUID ledgerId, String currency, List<String> types, Basis basis,
            OffsetDateTime time) {
        return LedgerScope.query(pool, ledgerId, basis == Basis.EFFECTIVE ? BEFORE_EFFECTIVE : BEFORE_RECORDED,
                Tuple.of(ledgerId, currency, types.toArray(String[]::new), time))
                .map(ReportRepository::balances);
    }

    /** The same accounts with what their entries in [{@code from}, {@code to}) on {@code basis} posted. */
    public Uni<List<AccountBalance>> between(UUID ledgerId, String currency, List<String> types, Basis basis,
            OffsetDateTime from, OffsetDateTime to) {
        return LedgerScope.query(pool, ledgerId, basis == Basis.EFFECTIVE ? BETWEEN_EFFECTIVE : BETWEEN_RECORDED,
                Tuple.of(ledgerId, currency, types.toArray(String[]::new), from, to))
                .map(ReportRepository::balances);
    }

    /** The statement each read runs, for measurements: {@code current}, {@code before} or {@code between}. */
    public static String sql(String read, Basis basis) {
        return switch (read) {
            case "current" -> CURRENT;
            case "before" -> basis == Basis.EFFECTIVE ? BEFORE_EFFECTIVE : BEFORE_RECORDED;
            case "between" -> basis == Basis.EFFECTIVE ? BETWEEN_EFFECTIVE : BETWEEN_RECORDED;
            default -> throw new IllegalArgumentException(read);
        };
    }

    private static List<AccountBalance> balances(RowSet<Row> rows) {
        List<AccountBalance> balances = new ArrayList<>(rows.size());
        for (Row row : rows) {
            BigDecimal netDebit = row.getBigDecimal("net_debit");
            balances.add(new AccountBalance(row.getString("code"), row.getString("name"), row.getString("type"),
                    row.getString("normal_balance"), row.getString("currency"), row.getInteger("scale"),
                    row.getString("parent_code"), netDebit == null ? BigDecimal.ZERO : netDebit));
        }
        return balances;
    }
}
