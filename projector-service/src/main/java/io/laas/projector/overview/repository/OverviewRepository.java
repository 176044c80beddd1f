package io.laas.projector.overview.repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.overview.LedgerOverview;
import io.laas.projector.overview.LedgerOverview.Activity;
import io.laas.projector.overview.LedgerOverview.Volume;
import io.laas.tenancy.LedgerScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class OverviewRepository {

    /**
     * The posted transactions recorded since the month's start (a committed hold where its hold was recorded),
     * counted for both windows; both windows end at {@code asOf}, so a transaction recorded during the read
     * does not count.
     */
    private static final String TRANSACTIONS = "SELECT count(*) FILTER (WHERE recorded_at >= $2) AS day, "
            + "count(*) AS month FROM transactions "
            + "WHERE ledger_id = $1 AND status = 'posted' AND recorded_at >= $3 AND recorded_at < $4";

    /** The debits of the same transactions, by the currency of each posting. */
    private static final String VOLUME = "SELECT p.currency, "
            + "sum(p.amount) FILTER (WHERE t.recorded_at >= $2) AS day, sum(p.amount) AS month "
            + "FROM transactions t JOIN postings p ON p.transaction_id = t.id "
            + "WHERE t.ledger_id = $1 AND t.status = 'posted' AND t.recorded_at >= $3 AND t.recorded_at < $4 "
            + "AND p.direction = 'debit' GROUP BY p.currency ORDER BY p.currency";

    private final Pool pool;

    public OverviewRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<LedgerOverview> overview(UUID ledgerId, OffsetDateTime asOf) {
        OffsetDateTime dayStart = asOf.minusHours(24);
        OffsetDateTime monthStart = asOf.minusDays(30);
        Tuple window = Tuple.of(ledgerId, dayStart, monthStart, asOf);
        return LedgerScope.withLedger(pool, ledgerId, conn -> accounts(conn, ledgerId)
                .flatMap(accounts -> conn.preparedQuery(TRANSACTIONS).execute(window)
                        .flatMap(counts -> conn.preparedQuery(VOLUME).execute(window)
                                .map(volume -> {
                                    Row count = counts.iterator().next();
                                    return new LedgerOverview(ledgerId, asOf, accounts,
                                            new Activity(dayStart, count.getLong("day"), volumes(volume, "day")),
                                            new Activity(monthStart, count.getLong("month"), volumes(volume, "month")));
                                }))));
    }

    private static Uni<Long> accounts(SqlConnection conn, UUID ledgerId) {
        return conn.preparedQuery("SELECT count(*) AS n FROM accounts WHERE ledger_id = $1")
                .execute(Tuple.of(ledgerId))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** The currencies with debits in the window (a currency posted only before it is left out). */
    private static List<Volume> volumes(RowSet<Row> rows, String column) {
        List<Volume> volumes = new ArrayList<>();
        for (Row row : rows) {
            BigDecimal amount = row.getBigDecimal(column);
            if (amount != null) {
                volumes.add(new Volume(row.getString("currency"), amount));
            }
        }
        return volumes;
    }
}
