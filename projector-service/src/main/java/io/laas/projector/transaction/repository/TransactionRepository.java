package io.laas.projector.transaction.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.common.CustomPlans;
import io.laas.projector.common.MetadataMatch;
import io.laas.projector.transaction.NewTransaction;
import io.laas.projector.transaction.Transaction;
import io.laas.projector.transaction.Transaction.Posting;
import io.laas.projector.transaction.TransactionChange;
import io.laas.projector.transaction.TransactionCursor;
import io.laas.projector.transaction.TransactionFilter;
import io.laas.projector.transaction.TransactionFilter.Order;
import io.laas.projector.transaction.TransactionState;
import io.laas.tenancy.LedgerScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class TransactionRepository {

    private static final String COLUMNS = "t.id, t.ledger_id, t.sequence, t.external_id, t.idempotency_key, t.status, "
            + "t.currency, t.occurred_at, t.recorded_at, t.expires_at, t.committed_at, t.voided_at, t.void_reason, "
            + "t.reversal_of, t.schedule_id, t.metadata::text AS metadata";
    private static final String POSTING_COLUMNS = "p.transaction_id, p.position, p.account_id, p.account_code, "
            + "p.direction, p.amount, p.currency, p.pending_amount, p.released, p.reversed_amount, p.original_position";

    private final Pool pool;

    public TransactionRepository(Pool pool) {
        this.pool = pool;
    }

    /** What {@link #insert} wrote: transactions and postings. */
    public record Inserted(long transactions, long postings) {
    }

    /**
     * Inserts new transactions with their postings in one statement. The caller has checked that none is
     * projected yet; one that is all the same is left as it is (and not counted).
     */
    public Uni<Inserted> insert(SqlConnection conn, List<NewTransaction> created) {
        if (created.isEmpty()) {
            return Uni.createFrom().item(new Inserted(0, 0));
        }
        int n = created.size();
        UUID[] ids = new UUID[n];
        UUID[] ledgers = new UUID[n];
        Long[] sequences = new Long[n];
        String[] externalIds = new String[n];
        String[] idempotencyKeys = new String[n];
        String[] statuses = new String[n];
        String[] currencies = new String[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
        OffsetDateTime[] recordedAt = new OffsetDateTime[n];
        OffsetDateTime[] expiresAt = new OffsetDateTime[n];
        UUID[] reversalOf = new UUID[n];
        UUID[] scheduleIds = new UUID[n];
        String[] metadata = new String[n];
        List<UUID> postingTx = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<UUID> accountIds = new ArrayList<>();
        List<String> accountCodes = new ArrayList<>();
        List<String> directions = new ArrayList<>();
        List<String> amounts = new ArrayList<>();
        List<String> postingCurrencies = new ArrayList<>();
        List<String> pendingAmounts = new ArrayList<>();
        List<Integer> originalPositions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NewTransaction tx = created.get(i);
            ids[i] = tx.data().transactionId();
            ledgers[i] = tx.ledgerId();
            sequences[i] = tx.sequence();
            externalIds[i] = tx.data().externalId();
            idempotencyKeys[i] = tx.data().idempotencyKey();
            statuses[i] = tx.status();
            currencies[i] = tx.data().currency();
            occurredAt[i] = tx.data().occurredAt();
            recordedAt[i] = tx.recordedAt();
            expiresAt[i] = tx.data().expiresAt();
            reversalOf[i] = tx.data().reversalOf();
            scheduleIds[i] = tx.data().scheduleId();
            metadata[i] = tx.data().metadataJson();
            for (Posting p : tx.postings()) {
                postingTx.add(ids[i]);
                positions.add(p.position());
                accountIds.add(p.accountId());
                accountCodes.add(p.accountCode());
                directions.add(p.direction());
                amounts.add(p.amount().toPlainString());
                postingCurrencies.add(p.currency());
                pendingAmounts.add(p.pendingAmount() == null ? null : p.pendingAmount().toPlainString());
                originalPositions.add(p.originalPosition());
            }
        }
        return conn.preparedQuery("""
                WITH tx AS (
                    INSERT INTO transactions (id, ledger_id, sequence, external_id, idempotency_key, status, currency,
                                              occurred_at, recorded_at, expires_at, reversal_of, schedule_id, metadata)
                    SELECT t.id, t.ledger_id, t.sequence, t.external_id, t.idempotency_key, t.status, t.currency,
                           t.occurred_at, t.recorded_at, t.expires_at, t.reversal_of, t.schedule_id, t.metadata::jsonb
                    FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
                                $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::uuid[], $12::uuid[],
                                $13::text[]) WITH ORDINALITY
                         AS t(id, ledger_id, sequence, external_id, idempotency_key, status, currency, occurred_at,
                              recorded_at, expires_at, reversal_of, schedule_id, metadata, n)
                    ORDER BY t.n
                    ON CONFLICT DO NOTHING
                    RETURNING id, ledger_id, sequence
                ), posted AS (
                    INSERT INTO postings (transaction_id, position, ledger_id, account_id, account_code, direction, amount,
                                          currency, pending_amount, original_position, sequence)
                    SELECT i.transaction_id, i.position, tx.ledger_id, i.account_id, i.account_code, i.direction,
                           i.amount::numeric, i.currency, i.pending_amount::numeric, i.original_position, tx.sequence
                    FROM unnest($14::uuid[], $15::int[], $16::uuid[], $17::text[], $18::text[], $19::text[],
                                $20::text[], $21::text[], $22::int[])
                         AS i(transaction_id, position, account_id, account_code, direction, amount, currency,
                              pending_amount, original_position)
                    JOIN tx ON tx.id = i.transaction_id
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM tx) AS transactions, (SELECT count(*) FROM posted) AS postings""")
                .execute(Tuple.from(new Object[] { ids, ledgers, sequences, externalIds, idempotencyKeys, statuses,
                        currencies, occurredAt, recordedAt, expiresAt, reversalOf, scheduleIds, metadata,
                        postingTx.toArray(UUID[]::new), positions.toArray(Integer[]::new),
                        accountIds.toArray(UUID[]::new), accountCodes.toArray(String[]::new),
                        directions.toArray(String[]::new), amounts.toArray(String[]::new),
                        postingCurrencies.toArray(String[]::new), pendingAmounts.toArray(String[]::new),
                        originalPositions.toArray(Integer[]::new) }))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Inserted(row.getLong("transactions"), row.getLong("postings"));
                });
    }

    /**
     * Which of these transactions are projected already: one primary-key probe per id, in every plan (see
     * {@code ProgressRepository#processed} for why not {@code id = ANY($1)}).
     */
    public Uni<Set<UUID>> existing(SqlConnection conn, Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return conn.preparedQuery("SELECT t.id FROM unnest($1::uuid[]) AS k(id), "
                + "LATERAL (SELECT id FROM transactions WHERE id = k.id LIMIT 1) AS t")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getUUID(0)));
                    return found;
                });
    }

    /**
     * These transactions (those projected) with their status and postings, for commits, voids and reversals.
     * Probes the primary keys per id, as {@link #existing} does (OFFSET 0 keeps the postings' subquery a probe
     * too, rather than a join the planner may turn into a scan).
     */
    public Uni<List<TransactionState>> states(SqlConnection conn, Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("SELECT t.ledger_id, t.status, " + POSTING_COLUMNS + " FROM unnest($1::uuid[]) AS k(id), "
                + "LATERAL (SELECT id, ledger_id, status FROM transactions WHERE id = k.id LIMIT 1) AS t, "
                + "LATERAL (SELECT * FROM postings WHERE transaction_id = t.id OFFSET 0) AS p "
                + "ORDER BY p.transaction_id, p.position")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, TransactionState> states = new LinkedHashMap<>();
                    Map<UUID, List<Posting>> postings = new LinkedHashMap<>();
                    for (Row row : rows) {
                        UUID id = row.getUUID("transaction_id");
                        states.computeIfAbsent(id, k -> new TransactionState(k, row.getUUID("ledger_id"),
                                row.getString("status"), null));
                        postings.computeIfAbsent(id, k -> new ArrayList<>()).add(toPosting(row));
                    }
                    List<TransactionState> found = new ArrayList<>(states.size());
                    states.values().forEach(s -> found.add(new TransactionState(s.id(), s.ledgerId(), s.status(),
                            List.copyOf(postings.get(s.id())))));
                    return found;
                });
    }

    /**
     * Writes the new state of committed, voided and reversed transactions: their status and times, and the
     * amount, released and reversed amount of the postings that changed. Emits how many rows it updated, which
     * must be every transaction whose status changed and every posting named.
     */
    public Uni<Long> update(SqlConnection conn, List<TransactionChange> changes) {
        List<UUID> ids = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<OffsetDateTime> committedAt = new ArrayList<>();
        List<OffsetDateTime> voidedAt = new ArrayList<>();
        List<String> voidReasons = new ArrayList<>();
        List<UUID> postingTx = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<String> amounts = new ArrayList<>();
        List<String> released = new ArrayList<>();
        List<String> reversed = new ArrayList<>();
        for (TransactionChange change : changes) {
            if (change.statusChanged()) {
                ids.add(change.id());
                statuses.add(change.status());
                committedAt.add(change.committedAt());
                voidedAt.add(change.voidedAt());
                voidReasons.add(change.voidReason());
            }
            for (Posting p : change.postings()) {
                postingTx.add(change.id());
                positions.add(p.position());
                amounts.add(p.amount().toPlainString());
                released.add(p.released() == null ? null : p.released().toPlainString());
                reversed.add(p.reversedAmount().toPlainString());
            }
        }
        return conn.preparedQuery("""
                WITH tx AS (
                    UPDATE transactions t SET status = c.status, committed_at = c.committed_at,
                                              voided_at = c.voided_at, void_reason = c.void_reason
                    FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[])
                         AS c(id, status, committed_at, voided_at, void_reason)
                    WHERE t.id = c.id
                    RETURNING 1
                ), postings AS (
                    UPDATE postings p SET amount = c.amount::numeric, released = c.released::numeric,
                                          reversed_amount = c.reversed_amount::numeric
                    FROM unnest($6::uuid[], $7::int[], $8::text[], $9::text[], $10::text[])
                         AS c(transaction_id, position, amount, released, reversed_amount)
                    WHERE p.transaction_id = c.transaction_id AND p.position = c.position
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM tx) + (SELECT count(*) FROM postings) AS updated""")
                .execute(Tuple.from(new Object[] { ids.toArray(UUID[]::new), statuses.toArray(String[]::new),
                        committedAt.toArray(OffsetDateTime[]::new), voidedAt.toArray(OffsetDateTime[]::new),
                        voidReasons.toArray(String[]::new), postingTx.toArray(UUID[]::new),
                        positions.toArray(Integer[]::new), amounts.toArray(String[]::new),
                        released.toArray(String[]::new), reversed.toArray(String[]::new) }))
                .map(rows -> rows.iterator().next().getLong("updated"));
    }

    public Uni<Transaction> find(UUID ledgerId, UUID transactionId) {
        return LedgerScope.withLedger(pool, ledgerId, conn -> conn
                .preparedQuery("SELECT " + COLUMNS + " FROM transactions t WHERE t.ledger_id = $1 AND t.id = $2")
                .execute(Tuple.of(ledgerId, transactionId))
                .map(TransactionRepository::toTransactions)
                .chain(found -> withPostingsAndReversals(conn, found))
                .map(list -> list.isEmpty() ? null : list.get(0)));
    }

    /**
     * Up to {@code limit} transactions of the ledger that pass {@code filter}, newest first in the filter's
     * {@link Order}, after {@code after} (if any). With {@code account}, the account is looked up first (no such
     * account: no transactions), so that the planner knows how many postings it has: the list then walks the
     * account's postings by sequence, or, ordered by a time, the time index probing the account's postings, or
     * sorts the postings of a rarely used account. Every value is a bind parameter; the status conditions are
     * constants of this class, literals so that the planner sees the partial index of held transactions.
     */
    public Uni<List<Transaction>> list(UUID ledgerId, TransactionFilter filter, TransactionCursor after, int limit) {
        return LedgerScope.withLedger(pool, ledgerId, conn -> filter.account() == null
                ? list(conn, ledgerId, filter, null, after, limit)
                : conn.preparedQuery("SELECT id FROM accounts WHERE ledger_id = $1 AND code = $2")
                        .execute(Tuple.of(ledgerId, filter.account()))
                        .chain(rows -> rows.size() == 0
                                ? Uni.createFrom().item(List.<Transaction>of())
                                : list(conn, ledgerId, filter, rows.iterator().next().getUUID("id"), after, limit)));
    }

    private Uni<List<Transaction>> list(SqlConnection conn, UUID ledgerId, TransactionFilter filter, UUID accountId,
            TransactionCursor after, int limit) {
        Order order = filter.order();
        StringBuilder where = new StringBuilder("t.ledger_id = $1");
        List<Object> params = new ArrayList<>(List.of(ledgerId));
        bound(where, params, "t.occurred_at >= $", filter.occurredFrom());
        bound(where, params, "t.occurred_at < $", filter.occurredTo());
        bound(where, params, "t.recorded_at >= $", filter.recordedFrom());
        bound(where, params, "t.recorded_at < $", filter.recordedTo());
        if (filter.externalId() != null) {
            params.add(filter.externalId());
            where.append(" AND t.external_id = $").append(params.size());
        }
        if (filter.currency() != null) {
            params.add(filter.currency());
            where.append(" AND t.currency = $").append(params.size());
        }
        if (filter.status() != null) {
            where.append(" AND ").append(statusCondition(filter.status()));
        }
        for (String[] candidates : MetadataMatch.candidates(filter.metadata())) {
            params.add(candidates);
            where.append(" AND t.metadata @> ANY($").append(params.size()).append("::text[]::jsonb[])");
        }
        String sql;
        if (accountId != null && order == Order.SEQUENCE) {
            // The account's postings newest first, one row per transaction (a transaction may post to it twice).
            params.add(accountId);
            where.append(" AND p.account_id = $").append(params.size());
            if (after != null) {
                params.add(after.sequence());
                where.append(" AND p.sequence < $").append(params.size());
            }
            params.add(limit);
            sql = "SELECT DISTINCT ON (p.sequence) " + COLUMNS + " FROM postings p JOIN transactions t ON t.id = "
                    + "p.transaction_id WHERE " + where + " ORDER BY p.sequence DESC LIMIT $" + params.size();
        } else {
            if (accountId != null) {
                params.add(accountId);
                where.append(" AND EXISTS (SELECT 1 FROM postings p WHERE p.account_id = $").append(params.size())
                        .append(" AND p.sequence = t.sequence)");
            }
            String time = switch (order) {
                case SEQUENCE -> null;
                case OCCURRED -> "t.occurred_at";
                case RECORDED -> "t.recorded_at";
            };
            if (after != null && time == null) {
                params.add(after.sequence());
                where.append(" AND t.sequence < $").append(params.size());
            } else if (after != null) {
                params.add(utc(after.time()));
                params.add(after.sequence());
                where.append(" AND (").append(time).append(", t.sequence) < ($").append(params.size() - 1)
                        .append(", $").append(params.size()).append(')');
            }
            params.add(limit);
            sql = "SELECT " + COLUMNS + " FROM transactions t WHERE " + where + " ORDER BY "
                    + (time == null ? "" : time + " DESC, ") + "t.sequence DESC LIMIT $" + params.size();
        }
        Uni<List<Transaction>> page = conn.preparedQuery(sql).execute(Tuple.from(params))
                .map(TransactionRepository::toTransactions).chain(found -> withPostingsAndReversals(conn, found));
        // an account and a time range: two ways in, whose costs depend on the values
        return accountId != null && order != Order.SEQUENCE
                ? Uni.combine().all().unis(CustomPlans.forThisTransaction(conn), page).with((planned, found) -> found)
                : page;
    }

    private static String statusCondition(TransactionFilter.Status status) {
        return switch (status) {
            case POSTED -> "t.status = 'posted'";
            case PENDING -> "t.status = 'pending'";
            case VOIDED -> "t.status = 'voided'";
            case REVERSED -> "EXISTS (SELECT 1 FROM transactions r WHERE r.reversal_of = t.id)";
        };
    }

    private static void bound(StringBuilder where, List<Object> params, String condition, Instant value) {
        if (value != null) {
            params.add(utc(value));
            where.append(" AND ").append(condition).append(params.size());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The page's postings and reversals: two statements, sent together on the page's connection. */
    private static Uni<List<Transaction>> withPostingsAndReversals(SqlConnection conn, List<Transaction> transactions) {
        if (transactions.isEmpty()) {
            return Uni.createFrom().item(transactions);
        }
        UUID[] ids = transactions.stream().map(Transaction::id).toArray(UUID[]::new);
        Uni<Map<UUID, List<Posting>>> postings = conn.preparedQuery("SELECT " + POSTING_COLUMNS
                + " FROM postings p WHERE p.transaction_id = ANY($1) ORDER BY p.transaction_id, p.position")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<UUID, List<Posting>> byTransaction = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byTransaction.computeIfAbsent(row.getUUID("transaction_id"), id -> new ArrayList<>())
                                .add(toPosting(row));
                    }
                    return byTransaction;
                });
        Uni<Map<UUID, List<UUID>>> reversals = conn.preparedQuery("SELECT reversal_of, id FROM transactions "
                + "WHERE reversal_of = ANY($1) ORDER BY reversal_of, sequence")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<UUID, List<UUID>> byOriginal = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byOriginal.computeIfAbsent(row.getUUID("reversal_of"), id -> new ArrayList<>())
                                .add(row.getUUID("id"));
                    }
                    return byOriginal;
                });
        return Uni.combine().all().unis(postings, reversals).with((byTransaction, byOriginal) -> transactions.stream()
                .map(t -> t.withPostingsAndReversals(List.copyOf(byTransaction.getOrDefault(t.id(), List.of())),
                        List.copyOf(byOriginal.getOrDefault(t.id(), List.of()))))
                .toList());
    }

    private static Posting toPosting(Row row) {
        BigDecimal reversed = row.getBigDecimal("reversed_amount");
        return new Posting(row.getInteger("position"), row.getUUID("account_id"), row.getString("account_code"),
                row.getString("direction"), row.getBigDecimal("amount"), row.getString("currency"),
                row.getBigDecimal("pending_amount"), row.getBigDecimal("released"),
                reversed == null ? BigDecimal.ZERO : reversed, row.getInteger("original_position"));
    }

    private static List<Transaction> toTransactions(RowSet<Row> rows) {
        List<Transaction> transactions = new ArrayList<>(rows.size());
        for (Row row : rows) {
            transactions.add(new Transaction(row.getUUID("id"), row.getUUID("ledger_id"), row.getLong("sequence"),
                    row.getString("external_id"), row.getString("idempotency_key"), row.getString("status"),
                    row.getString("currency"), row.getOffsetDateTime("occurred_at"),
                    row.getOffsetDateTime("recorded_at"), row.getOffsetDateTime("expires_at"),
                    row.getOffsetDateTime("committed_at"), row.getOffsetDateTime("voided_at"),
                    row.getString("void_reason"), row.getUUID("reversal_of"), List.of(), row.getUUID("schedule_id"),
                    row.getString("metadata"), List.of()));
        }
        return transactions;
    }
}
