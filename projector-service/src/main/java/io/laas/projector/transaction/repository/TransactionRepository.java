package io.laas.projector.transaction.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.transaction.Transaction;
import io.laas.projector.transaction.Transaction.Posting;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class TransactionRepository {

    private static final String COLUMNS = "id, ledger_id, sequence, external_id, idempotency_key, currency, "
            + "occurred_at, recorded_at, metadata::text AS metadata";

    private final Pool pool;

    public TransactionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the transaction; returns false when it is already there (its effects were applied then). */
    public Uni<Boolean> insert(SqlConnection conn, UUID ledgerId, long sequence, OffsetDateTime recordedAt,
            TransactionPosted tx) {
        return conn.preparedQuery("INSERT INTO transactions (id, ledger_id, sequence, external_id, idempotency_key, "
                + "currency, occurred_at, recorded_at, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb) "
                + "ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.from(Arrays.<Object>asList(tx.transactionId(), ledgerId, sequence, tx.externalId(),
                        tx.idempotencyKey(), tx.currency(), tx.occurredAt(), recordedAt, tx.metadataJson())))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> insertPostings(SqlConnection conn, UUID transactionId, UUID ledgerId, List<Posting> postings) {
        List<Tuple> batch = postings.stream()
                .map(p -> Tuple.from(Arrays.<Object>asList(transactionId, p.position(), ledgerId, p.accountId(), p.accountCode(),
                        p.direction(), p.amount())))
                .toList();
        return conn.preparedQuery("INSERT INTO postings (transaction_id, position, ledger_id, account_id, account_code, "
                + "direction, amount) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    public Uni<Transaction> find(UUID ledgerId, UUID transactionId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM transactions WHERE ledger_id = $1 AND id = $2")
                .execute(Tuple.of(ledgerId, transactionId))
                .map(TransactionRepository::toTransactions)
                .chain(this::withPostings)
                .map(list -> list.isEmpty() ? null : list.get(0));
    }

    /** Up to {@code limit} transactions of the ledger, newest first, before {@code beforeSequence} (if any). */
    public Uni<List<Transaction>> list(UUID ledgerId, Long beforeSequence, int limit) {
        Uni<RowSet<Row>> rows = beforeSequence == null
                ? pool.preparedQuery("SELECT " + COLUMNS + " FROM transactions WHERE ledger_id = $1 "
                        + "ORDER BY sequence DESC LIMIT $2")
                        .execute(Tuple.of(ledgerId, limit))
                : pool.preparedQuery("SELECT " + COLUMNS + " FROM transactions WHERE ledger_id = $1 AND sequence < $2 "
                        + "ORDER BY sequence DESC LIMIT $3")
                        .execute(Tuple.of(ledgerId, beforeSequence, limit));
        return rows.map(TransactionRepository::toTransactions).chain(this::withPostings);
    }

    private Uni<List<Transaction>> withPostings(List<Transaction> transactions) {
        if (transactions.isEmpty()) {
            return Uni.createFrom().item(transactions);
        }
        UUID[] ids = transactions.stream().map(Transaction::id).toArray(UUID[]::new);
        return pool.preparedQuery("SELECT transaction_id, position, account_id, account_code, direction, amount "
                + "FROM postings WHERE transaction_id = ANY($1) ORDER BY transaction_id, position")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<UUID, List<Posting>> byTransaction = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byTransaction.computeIfAbsent(row.getUUID("transaction_id"), id -> new ArrayList<>())
                                .add(new Posting(row.getInteger("position"), row.getUUID("account_id"),
                                        row.getString("account_code"), row.getString("direction"),
                                        row.getBigDecimal("amount")));
                    }
                    return transactions.stream()
                            .map(t -> t.withPostings(List.copyOf(byTransaction.getOrDefault(t.id(), List.of()))))
                            .toList();
                });
    }

    private static List<Transaction> toTransactions(RowSet<Row> rows) {
        List<Transaction> transactions = new ArrayList<>(rows.size());
        for (Row row : rows) {
            transactions.add(new Transaction(row.getUUID("id"), row.getUUID("ledger_id"), row.getLong("sequence"),
                    row.getString("external_id"), row.getString("idempotency_key"), row.getString("currency"),
                    row.getOffsetDateTime("occurred_at"), row.getOffsetDateTime("recorded_at"),
                    row.getString("metadata"), List.of()));
        }
        return transactions;
    }
}
