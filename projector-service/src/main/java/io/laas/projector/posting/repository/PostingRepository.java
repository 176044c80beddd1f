package io.laas.projector.posting.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.posting.PostingLine;
import io.laas.tenancy.LedgerScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The posting lists. Each is one statement that also tells an unknown account or transaction from an empty
 * page: the account (or transaction) is the outer row, its page of postings a lateral join, so that no row
 * means not found and one row without a posting means nothing (more) to list.
 */
@ApplicationScoped
public class PostingRepository {

    private static final String POSTING_COLUMNS = "p.transaction_id, p.position, p.sequence, p.account_code, "
            + "p.direction, p.amount, p.currency";
    private static final String TRANSACTION_COLUMNS = "t.status, t.occurred_at, t.recorded_at";

    private final Pool pool;

    public PostingRepository(Pool pool) {
        this.pool = pool;
    }

    /** A page of postings, or {@code null} when the account or transaction listed is not in the ledger. */
    public record Found(List<PostingLine> postings) {
    }

    /**
     * Up to {@code limit} postings of the account with this code, newest first (sequence, then position, both
     * descending), before {@code (beforeSequence, beforePosition)} when given: one backward range of the index
     * (account_id, sequence, position), each posting's transaction read by its primary key.
     */
    public Uni<Found> ofAccount(UUID ledgerId, String code, Long beforeSequence, Integer beforePosition, int limit) {
        List<Object> params = new ArrayList<>(List.of(ledgerId, code));
        String before = "";
        if (beforeSequence != null) {
            params.add(beforeSequence);
            params.add(beforePosition);
            before = " AND (p.sequence, p.position) < ($3, $4)";
        }
        params.add(limit);
        String sql = "SELECT a.id AS found, x.* FROM accounts a LEFT JOIN LATERAL (SELECT "
                + POSTING_COLUMNS + ", " + TRANSACTION_COLUMNS + " FROM postings p JOIN transactions t ON t.id = "
                + "p.transaction_id WHERE p.account_id = a.id" + before + " ORDER BY p.sequence DESC, p.position DESC "
                + "LIMIT $" + params.size() + ") x ON true WHERE a.ledger_id = $1 AND a.code = $2";
        return LedgerScope.query(pool, ledgerId, sql, Tuple.from(params)).map(PostingRepository::found);
    }

    /**
     * Up to {@code limit} postings of the transaction, in its order (by position), after {@code afterPosition}
     * when given.
     */
    public Uni<Found> ofTransaction(UUID ledgerId, UUID transactionId, Integer afterPosition, int limit) {
        return LedgerScope.query(pool, ledgerId, "SELECT t.id AS found, " + TRANSACTION_COLUMNS + ", x.* "
                + "FROM transactions t LEFT JOIN LATERAL (SELECT " + POSTING_COLUMNS + " FROM postings p "
                + "WHERE p.transaction_id = t.id AND p.position > $3 ORDER BY p.position LIMIT $4) x ON true "
                + "WHERE t.ledger_id = $1 AND t.id = $2",
                Tuple.of(ledgerId, transactionId, afterPosition == null ? -1 : afterPosition, limit))
                .map(PostingRepository::found);
    }

    private static Found found(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        List<PostingLine> lines = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.getUUID("transaction_id") != null) {
                lines.add(new PostingLine(row.getUUID("transaction_id"), row.getInteger("position"),
                        row.getLong("sequence"), row.getString("account_code"), row.getString("direction"),
                        row.getBigDecimal("amount"), row.getString("currency"), row.getString("status"),
                        row.getOffsetDateTime("occurred_at"), row.getOffsetDateTime("recorded_at")));
            }
        }
        return new Found(List.copyOf(lines));
    }
}
