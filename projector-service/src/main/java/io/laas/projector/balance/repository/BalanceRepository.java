package io.laas.projector.balance.repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.balance.Basis;
import io.laas.projector.balance.EntryKey;
import io.laas.projector.balance.Totals;
import io.laas.projector.common.CustomPlans;
import io.laas.tenancy.LedgerScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads of account entries: totals before a place in an account's history, pages of a statement and the sums
 * of a balance history. Every read is a fixed number of index probes plus at most one chunk of entries
 * ({@link AccountEntryRepository#MAX_CHUNK}) per balance (docs/architecture.md, "Statements and balances as
 * of a time", has their plans).
 */
@ApplicationScoped
public class BalanceRepository {

    /**
     * Totals of the entries before each key in effective order: the last checkpoint at or before the key, plus
     * the entries of its chunk before the key.
     */
    private static final String BEFORE_EFFECTIVE = """
            SELECT k.i, c.debits + coalesce(t.debits, 0) AS debits, c.credits + coalesce(t.credits, 0) AS credits,
                   c.pending_debits + coalesce(t.pending_debits, 0) AS pending_debits,
                   c.pending_credits + coalesce(t.pending_credits, 0) AS pending_credits
            FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[], $4::int[]) WITH ORDINALITY
                 AS k(account_id, effective_at, sequence, position, i)
            LEFT JOIN LATERAL (
                SELECT c.effective_at, c.sequence, c.position, c.debits, c.credits, c.pending_debits, c.pending_credits
                FROM account_checkpoints c
                WHERE c.account_id = k.account_id
                  AND (c.effective_at, c.sequence, c.position) <= (k.effective_at, k.sequence, k.position)
                ORDER BY c.effective_at DESC, c.sequence DESC, c.position DESC LIMIT 1) AS c ON true
            LEFT JOIN LATERAL (
                SELECT sum(e.amount) FILTER (WHERE e.direction = 'debit') AS debits,
                       sum(e.amount) FILTER (WHERE e.direction = 'credit') AS credits,
                       sum(e.held) FILTER (WHERE e.direction = 'debit') AS pending_debits,
                       sum(e.held) FILTER (WHERE e.direction = 'credit') AS pending_credits
                FROM account_entries e
                WHERE e.account_id = k.account_id
                  AND (e.effective_at, e.sequence, e.position) >= (c.effective_at, c.sequence, c.position)
                  AND (e.effective_at, e.sequence, e.position) < (k.effective_at, k.sequence, k.position)) AS t ON true
            ORDER BY k.i""";

    /** Totals after the last entry recorded before each time: one probe of the recording order each. */
    private static final String BEFORE_RECORDED = """
            SELECT k.i, l.debits, l.credits, l.pending_debits, l.pending_credits
            FROM unnest($1::uuid[], $2::timestamptz[]) WITH ORDINALITY AS k(account_id, recorded_at, i)
            LEFT JOIN LATERAL (
                SELECT e.debits, e.credits, e.pending_debits, e.pending_credits
                FROM account_entries e
                WHERE e.account_id = k.account_id AND e.recorded_at < k.recorded_at
                ORDER BY e.recorded_at DESC, e.sequence DESC, e.position DESC LIMIT 1) AS l ON true
            ORDER BY k.i""";

    private static final String PAGE_EFFECTIVE = """
            SELECT effective_at, sequence, position, recorded_at, transaction_id, kind, direction, amount,
                   NULL::numeric AS debits, NULL::numeric AS credits
            FROM account_entries
            WHERE account_id = $1 AND (effective_at, sequence, position) > ($2, $3, $4) AND effective_at < $5
              AND amount > 0
            ORDER BY effective_at, sequence, position LIMIT $6""";

    private static final String PAGE_RECORDED = """
            SELECT effective_at, sequence, position, recorded_at, transaction_id, kind, direction, amount, debits,
                   credits
            FROM account_entries
            WHERE account_id = $1 AND (recorded_at, sequence, position) > ($2, $3, $4) AND recorded_at < $5
              AND amount > 0
            ORDER BY recorded_at, sequence, position LIMIT $6""";

    /**
     * Posted totals at each of a series of times {@code at} (before each, effective order), each read from the
     * nearer of two starts: the last checkpoint before it ({@code absolute}: the totals are the checkpoint's plus
     * the entries since) or the previous time {@code prev} of the series (the totals are then what to add to the
     * previous point's). Every point reads at most one chunk, and no entry is read for two points.
     */
    private static final String EFFECTIVE_POINTS = """
            SELECT k.i, a.absolute,
                   CASE WHEN a.absolute THEN coalesce(c.debits, 0) ELSE 0 END + coalesce(t.debits, 0) AS debits,
                   CASE WHEN a.absolute THEN coalesce(c.credits, 0) ELSE 0 END + coalesce(t.credits, 0) AS credits
            FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS k(prev, at, i)
            LEFT JOIN LATERAL (
                SELECT c.effective_at, c.sequence, c.position, c.debits, c.credits FROM account_checkpoints c
                WHERE c.account_id = $1 AND (c.effective_at, c.sequence, c.position) < (k.at, 0, 0)
                ORDER BY c.effective_at DESC, c.sequence DESC, c.position DESC LIMIT 1) AS c ON true
            CROSS JOIN LATERAL (
                SELECT k.prev IS NULL OR (c.effective_at IS NOT NULL
                           AND (c.effective_at, c.sequence, c.position) >= (k.prev, 0, 0)) AS absolute) AS a
            CROSS JOIN LATERAL (
                SELECT CASE WHEN a.absolute THEN c.effective_at ELSE k.prev END AS effective_at,
                       CASE WHEN a.absolute THEN c.sequence ELSE 0 END AS sequence,
                       CASE WHEN a.absolute THEN c.position ELSE 0 END AS position) AS s
            LEFT JOIN LATERAL (
                SELECT sum(e.amount) FILTER (WHERE e.direction = 'debit') AS debits,
                       sum(e.amount) FILTER (WHERE e.direction = 'credit') AS credits
                FROM account_entries e
                WHERE e.account_id = $1
                  AND (e.effective_at, e.sequence, e.position) >= (s.effective_at, s.sequence, s.position)
                  AND (e.effective_at, e.sequence, e.position) < (k.at, 0, 0)) AS t ON true
            ORDER BY k.i""";

    private final Pool pool;

    public BalanceRepository(Pool pool) {
        this.pool = pool;
    }

    /** One posting of a statement; {@code after} is the account's totals after it (recorded basis only). */
    public record StatementRow(OffsetDateTime effectiveAt, long sequence, int position, OffsetDateTime recordedAt,
            UUID transactionId, String kind, String direction, BigDecimal amount, Totals after) {
    }

    /**
     * {@code work} in one read-only REPEATABLE READ transaction of the ledger: its reads see one state of the read
     * model, whatever batches commit meanwhile. The isolation level, the ledger and the work's first statements
     * are sent together ({@code SET TRANSACTION} must come first, and nothing waits for it). Its reads filter an
     * account's entries on a time range, so they are planned for their values ({@link CustomPlans}).
     */
    public <T> Uni<T> snapshot(UUID ledgerId, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(conn -> Uni.combine().all()
                .unis(conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(),
                        LedgerScope.enter(conn, ledgerId), CustomPlans.forThisTransaction(conn),
                        Uni.createFrom().deferred(() -> work.apply(conn)))
                .with((isolated, entered, planned, result) -> result));
    }

    /**
     * Where the reads below run: a connection of a {@link #snapshot}, or ({@link #alone}) a statement in a
     * transaction of its own with the ledger set, sent in one flight ({@link LedgerScope#query}).
     */
    @FunctionalInterface
    public interface Reads {
        Uni<RowSet<Row>> execute(String sql, Tuple params);
    }

    /** The reads on {@code conn}, inside its transaction. */
    public static Reads on(SqlConnection conn) {
        return (sql, params) -> conn.preparedQuery(sql).execute(params);
    }

    /** Each read a statement of its own, with the ledger set (one statement sees one state anyway). */
    public Reads alone(UUID ledgerId) {
        return (sql, params) -> LedgerScope.query(pool, ledgerId, sql, params);
    }

    /** For each (account, key), in order: the account's totals of the entries before the key (effective order). */
    public Uni<List<Totals>> beforeEffective(Reads reads, List<UUID> accounts, List<EntryKey> keys) {
        int n = accounts.size();
        if (n == 0) {
            return Uni.createFrom().item(List.of());
        }
        OffsetDateTime[] times = new OffsetDateTime[n];
        Long[] sequences = new Long[n];
        Integer[] positions = new Integer[n];
        for (int i = 0; i < n; i++) {
            times[i] = keys.get(i).time();
            sequences[i] = keys.get(i).sequence();
            positions[i] = keys.get(i).position();
        }
        return reads.execute(BEFORE_EFFECTIVE,
                Tuple.from(new Object[] { accounts.toArray(UUID[]::new), times, sequences, positions }))
                .map(BalanceRepository::totals);
    }

    /** For each (account, time), in order: the account's totals after its last entry recorded before the time. */
    public Uni<List<Totals>> beforeRecorded(Reads reads, List<UUID> accounts, List<OffsetDateTime> times) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return reads.execute(BEFORE_RECORDED,
                Tuple.of(accounts.toArray(UUID[]::new), times.toArray(OffsetDateTime[]::new)))
                .map(BalanceRepository::totals);
    }

    /**
     * Up to {@code limit} entries of the account that post something, after {@code after} and before {@code to}
     * on the basis' time, in its order.
     */
    public Uni<List<StatementRow>> page(Reads reads, UUID account, Basis basis, EntryKey after, OffsetDateTime to,
            int limit) {
        return reads.execute(basis == Basis.EFFECTIVE ? PAGE_EFFECTIVE : PAGE_RECORDED,
                Tuple.from(new Object[] { account, after.time(), after.sequence(), after.position(), to, limit }))
                .map(rows -> {
                    List<StatementRow> page = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        BigDecimal debits = row.getBigDecimal("debits");
                        page.add(new StatementRow(row.getOffsetDateTime("effective_at"), row.getLong("sequence"),
                                row.getInteger("position"), row.getOffsetDateTime("recorded_at"),
                                row.getUUID("transaction_id"), row.getString("kind"), row.getString("direction"),
                                row.getBigDecimal("amount"), debits == null ? null
                                        : Totals.of(debits, row.getBigDecimal("credits"), null, null)));
                    }
                    return page;
                });
    }

    /**
     * The account's posted totals before each of {@code times} (ascending) in effective order: one statement, at
     * most one chunk of entries read per time.
     */
    public Uni<List<Totals>> beforeEffective(Reads reads, UUID account, List<OffsetDateTime> times) {
        OffsetDateTime[] prev = new OffsetDateTime[times.size()];
        for (int i = 1; i < prev.length; i++) {
            prev[i] = times.get(i - 1);
        }
        return reads.execute(EFFECTIVE_POINTS, Tuple.of(account, prev, times.toArray(OffsetDateTime[]::new)))
                .map(rows -> {
                    List<Totals> totals = new ArrayList<>(rows.size());
                    Totals previous = Totals.ZERO;
                    for (Row row : rows) {
                        Totals read = Totals.of(row.getBigDecimal("debits"), row.getBigDecimal("credits"), null, null);
                        previous = row.getBoolean("absolute") ? read
                                : Totals.of(previous.debits().add(read.debits()), previous.credits().add(read.credits()),
                                        null, null);
                        totals.add(previous);
                    }
                    return totals;
                });
    }

    private static List<Totals> totals(RowSet<Row> rows) {
        List<Totals> totals = new ArrayList<>(rows.size());
        for (Row row : rows) {
            totals.add(Totals.of(row.getBigDecimal("debits"), row.getBigDecimal("credits"),
                    row.getBigDecimal("pending_debits"), row.getBigDecimal("pending_credits")));
        }
        return totals;
    }

    private static BigDecimal orZero(BigDecimal amount) {
        return amount == null ? BigDecimal.ZERO : amount;
    }
}
