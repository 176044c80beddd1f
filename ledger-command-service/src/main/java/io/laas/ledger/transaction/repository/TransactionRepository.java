package io.laas.ledger.transaction.repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.RecordedPosting;
import io.laas.ledger.transaction.TransactionState;
import io.laas.ledger.transaction.TransactionState.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The write side's transactions: their status and what later commands changed of their amounts. */
@ApplicationScoped
public class TransactionRepository {

    /** A transaction as recorded: the event that created it, its postings and its state now. */
    public record RecordedTransaction(UUID id, String eventType, String currency, List<RecordedPosting> postings,
            TransactionState state) {
    }

    /** Records new transactions (posted or pending), in one statement. */
    public Uni<Void> insert(SqlClient client, UUID ledgerId, List<NewTransaction> transactions) {
        int size = transactions.size();
        UUID[] ids = new UUID[size];
        Long[] sequences = new Long[size];
        String[] statuses = new String[size];
        OffsetDateTime[] expiresAt = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            NewTransaction transaction = transactions.get(i);
            ids[i] = transaction.id();
            sequences[i] = transaction.sequence();
            statuses[i] = transaction.status().wire();
            expiresAt[i] = transaction.expiresAt();
        }
        return client.preparedQuery("""
                INSERT INTO transactions (id, ledger_id, sequence, status, expires_at)
                SELECT t.id, $1, t.sequence, t.status, t.expires_at
                FROM unnest($2::uuid[], $3::bigint[], $4::text[], $5::timestamptz[]) AS t (id, sequence, status, expires_at)""")
                .execute(Tuple.of(ledgerId).addArrayOfUUID(ids).addArrayOfLong(sequences).addArrayOfString(statuses)
                        .addArrayOfOffsetDateTime(expiresAt))
                .replaceWithVoid();
    }

    public record NewTransaction(UUID id, long sequence, Status status, OffsetDateTime expiresAt) {
    }

    /** The states of these transactions of the ledger, locked until the transaction ends; unknown ids are absent. */
    public Uni<Map<UUID, TransactionState>> lockStates(SqlClient client, UUID ledgerId, UUID[] ids) {
        return client.preparedQuery("""
                SELECT id, sequence, status, expires_at, posted_amounts, reversed_amounts
                FROM transactions WHERE ledger_id = $1 AND id = ANY($2) ORDER BY id FOR UPDATE""")
                .execute(Tuple.of(ledgerId, ids))
                .map(rows -> {
                    Map<UUID, TransactionState> states = new HashMap<>();
                    for (Row row : rows) {
                        states.put(row.getUUID("id"), state(row));
                    }
                    return states;
                });
    }

    /** Writes each transaction's new state, in one statement; only under the locks of {@link #lockStates}. */
    public Uni<Void> updateStates(SqlClient client, List<TransactionState> states) {
        int size = states.size();
        UUID[] ids = new UUID[size];
        String[] statuses = new String[size];
        String[] posted = new String[size];
        String[] reversed = new String[size];
        for (int i = 0; i < size; i++) {
            TransactionState state = states.get(i);
            ids[i] = state.id();
            statuses[i] = state.status().wire();
            posted[i] = amounts(state.postedAmounts());
            reversed[i] = amounts(state.reversedAmounts());
        }
        return client.preparedQuery("""
                UPDATE transactions t SET status = s.status, posted_amounts = s.posted::numeric[],
                       reversed_amounts = s.reversed::numeric[]
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS s (id, status, posted, reversed)
                WHERE t.id = s.id""")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(statuses).addArrayOfString(posted)
                        .addArrayOfString(reversed))
                .replaceWithVoid();
    }

    /**
     * The transaction with its postings as the event that created it recorded them, or {@code null}. Read
     * without locks: the creating event never changes, and the state is judged again under the lock.
     */
    public Uni<RecordedTransaction> find(SqlClient client, UUID ledgerId, UUID id) {
        return client.preparedQuery("""
                SELECT t.id, t.sequence, t.status, t.expires_at, t.posted_amounts, t.reversed_amounts, e.type,
                       e.payload -> 'data' ->> 'currency' AS currency, e.payload -> 'data' -> 'postings' AS postings
                FROM transactions t JOIN events e ON e.ledger_id = t.ledger_id AND e.sequence = t.sequence
                WHERE t.ledger_id = $1 AND t.id = $2""")
                .execute(Tuple.of(ledgerId, id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    String currency = row.getString("currency");
                    List<RecordedPosting> postings = new ArrayList<>();
                    for (Object item : (JsonArray) row.getValue("postings")) {
                        JsonObject posting = (JsonObject) item;
                        postings.add(new RecordedPosting(UUID.fromString(posting.getString("account_id")),
                                posting.getString("account_code"), Direction.fromWire(posting.getString("direction")),
                                posting.getString("currency", currency), new BigDecimal(posting.getString("amount"))));
                    }
                    return new RecordedTransaction(row.getUUID("id"), row.getString("type"), currency, postings, state(row));
                });
    }

    /**
     * Pending transactions whose {@code expires_at} has passed, oldest first: (ledger id, transaction id). Those of
     * archived ledgers are left out: an archived ledger's history has ended, its holds stay as they were.
     */
    public Uni<List<UUID[]>> findExpired(SqlClient client, OffsetDateTime now, int limit) {
        return client.preparedQuery("""
                SELECT t.ledger_id, t.id FROM transactions t
                WHERE t.status = 'pending' AND t.expires_at IS NOT NULL AND t.expires_at <= $1
                  AND NOT EXISTS (SELECT 1 FROM ledgers l WHERE l.id = t.ledger_id AND l.archived_at IS NOT NULL)
                ORDER BY t.expires_at LIMIT $2""")
                .execute(Tuple.of(now, limit))
                .map(rows -> {
                    List<UUID[]> expired = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        expired.add(new UUID[] { row.getUUID("ledger_id"), row.getUUID("id") });
                    }
                    return expired;
                });
    }

    private static TransactionState state(Row row) {
        return new TransactionState(row.getUUID("id"), row.getLong("sequence"), Status.fromWire(row.getString("status")),
                row.getOffsetDateTime("expires_at"), list(row.getArrayOfBigDecimals("posted_amounts")),
                list(row.getArrayOfBigDecimals("reversed_amounts")));
    }

    private static List<BigDecimal> list(BigDecimal[] values) {
        return values == null ? null : Arrays.asList(values);
    }

    /** A numeric[] literal, or {@code null}: arrays of arrays do not bind, so each travels as text. */
    private static String amounts(List<BigDecimal> values) {
        if (values == null) {
            return null;
        }
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            literal.append(i == 0 ? "" : ",").append(values.get(i).toPlainString());
        }
        return literal.append('}').toString();
    }
}
