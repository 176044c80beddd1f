package io.laas.projector.transaction.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.transaction.PostedTransaction;
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

    /** What {@link #post} did: the transactions it inserted, and how many accounts it expected to move and moved. */
    public record PostResult(Set<UUID> inserted, long accountsToMove, long accountsMoved) {
    }

    /**
     * Projects posted transactions in one statement: inserts the transactions (one already there is left as
     * it is, with its effects), the postings of those inserted, and adds their amounts to the accounts' debit
     * and credit totals, once per account. Each account's {@code last_sequence} and {@code updated_at} become
     * those of the latest transaction that touched it.
     */
    public Uni<PostResult> post(SqlConnection conn, List<PostedTransaction> posted) {
        if (posted.isEmpty()) {
            return Uni.createFrom().item(new PostResult(Set.of(), 0, 0));
        }
        int n = posted.size();
        UUID[] ids = new UUID[n];
        UUID[] ledgers = new UUID[n];
        Long[] sequences = new Long[n];
        String[] externalIds = new String[n];
        String[] idempotencyKeys = new String[n];
        String[] currencies = new String[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
        OffsetDateTime[] recordedAt = new OffsetDateTime[n];
        String[] metadata = new String[n];
        List<UUID> postingTx = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<UUID> accountIds = new ArrayList<>();
        List<String> accountCodes = new ArrayList<>();
        List<String> directions = new ArrayList<>();
        List<String> amounts = new ArrayList<>();
        List<String> postingCurrencies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PostedTransaction tx = posted.get(i);
            ids[i] = tx.data().transactionId();
            ledgers[i] = tx.ledgerId();
            sequences[i] = tx.sequence();
            externalIds[i] = tx.data().externalId();
            idempotencyKeys[i] = tx.data().idempotencyKey();
            currencies[i] = tx.data().currency();
            occurredAt[i] = tx.data().occurredAt();
            recordedAt[i] = tx.recordedAt();
            metadata[i] = tx.data().metadataJson();
            for (Posting p : tx.postings()) {
                postingTx.add(ids[i]);
                positions.add(p.position());
                accountIds.add(p.accountId());
                accountCodes.add(p.accountCode());
                directions.add(p.direction());
                amounts.add(p.amount().toPlainString());
                postingCurrencies.add(p.currency());
            }
        }
        return conn.preparedQuery("""
                WITH tx AS (
                    INSERT INTO transactions (id, ledger_id, sequence, external_id, idempotency_key, currency,
                                              occurred_at, recorded_at, metadata)
                    SELECT t.id, t.ledger_id, t.sequence, t.external_id, t.idempotency_key, t.currency,
                           t.occurred_at, t.recorded_at, t.metadata::jsonb
                    FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::text[],
                                $7::timestamptz[], $8::timestamptz[], $9::text[]) WITH ORDINALITY
                         AS t(id, ledger_id, sequence, external_id, idempotency_key, currency, occurred_at,
                              recorded_at, metadata, n)
                    ORDER BY t.n
                    ON CONFLICT DO NOTHING
                    RETURNING id, ledger_id, sequence, recorded_at
                ), input AS (
                    SELECT i.transaction_id, i.position, i.account_id, i.account_code, i.direction,
                           i.amount::numeric AS amount, i.currency, tx.ledger_id, tx.sequence, tx.recorded_at
                    FROM unnest($10::uuid[], $11::int[], $12::uuid[], $13::text[], $14::text[], $15::text[],
                                $16::text[])
                         AS i(transaction_id, position, account_id, account_code, direction, amount, currency)
                    JOIN tx ON tx.id = i.transaction_id
                ), posted AS (
                    INSERT INTO postings (transaction_id, position, ledger_id, account_id, account_code, direction, amount,
                                          currency)
                    SELECT transaction_id, position, ledger_id, account_id, account_code, direction, amount, currency
                    FROM input
                    RETURNING 1
                ), moves AS (
                    SELECT account_id,
                           coalesce(sum(amount) FILTER (WHERE direction = 'debit'), 0) AS debits,
                           coalesce(sum(amount) FILTER (WHERE direction = 'credit'), 0) AS credits,
                           max(sequence) AS last_sequence,
                           (array_agg(recorded_at ORDER BY sequence DESC))[1] AS updated_at
                    FROM input GROUP BY account_id
                ), moved AS (
                    UPDATE accounts a SET debits = a.debits + m.debits, credits = a.credits + m.credits,
                                          last_sequence = m.last_sequence, updated_at = m.updated_at
                    FROM moves m WHERE a.id = m.account_id
                    RETURNING a.id
                )
                SELECT (SELECT array_agg(id) FROM tx) AS inserted, (SELECT count(*) FROM posted) AS postings,
                       (SELECT count(*) FROM moves) AS to_move, (SELECT count(*) FROM moved) AS moved""")
                .execute(Tuple.from(new Object[] { ids, ledgers, sequences, externalIds, idempotencyKeys, currencies,
                        occurredAt, recordedAt, metadata, postingTx.toArray(UUID[]::new),
                        positions.toArray(Integer[]::new), accountIds.toArray(UUID[]::new),
                        accountCodes.toArray(String[]::new), directions.toArray(String[]::new),
                        amounts.toArray(String[]::new), postingCurrencies.toArray(String[]::new) }))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    UUID[] inserted = row.getArrayOfUUIDs("inserted");
                    return new PostResult(inserted == null ? Set.of() : Set.of(inserted), row.getLong("to_move"),
                            row.getLong("moved"));
                });
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
        return pool.preparedQuery("SELECT transaction_id, position, account_id, account_code, direction, amount, currency "
                + "FROM postings WHERE transaction_id = ANY($1) ORDER BY transaction_id, position")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<UUID, List<Posting>> byTransaction = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byTransaction.computeIfAbsent(row.getUUID("transaction_id"), id -> new ArrayList<>())
                                .add(new Posting(row.getInteger("position"), row.getUUID("account_id"),
                                        row.getString("account_code"), row.getString("direction"),
                                        row.getBigDecimal("amount"), row.getString("currency")));
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
