package io.laas.ledger.verification.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.verification.ChainWalk.StoredBalance;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** What verification compares the events with: the ledger's head and its accounts' totals. Reads only, no lock. */
@ApplicationScoped
public class LedgerSnapshot {

    /** The ledger's head as stored on its row. */
    public record Head(long lastSequence, String lastHash) {
    }

    /** The ledger's head, or {@code null} for an unknown ledger. */
    public Uni<Head> head(SqlClient client, UUID ledgerId) {
        return client.preparedQuery("SELECT last_sequence, last_hash FROM ledgers WHERE id = $1")
                .execute(Tuple.of(ledgerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Head(row.getLong("last_sequence"), row.getString("last_hash"));
                });
    }

    /** Up to {@code limit} of the ledger's accounts with codes after {@code afterCode}, in code order (its unique index). */
    public Uni<List<StoredBalance>> balances(SqlClient client, UUID ledgerId, String afterCode, int limit) {
        return client.preparedQuery("""
                SELECT id, code, debits, credits, pending_debits, pending_credits, version FROM accounts
                WHERE ledger_id = $1 AND code > $2
                ORDER BY code LIMIT $3""")
                .execute(Tuple.of(ledgerId, afterCode, limit))
                .map(rows -> {
                    List<StoredBalance> page = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        page.add(new StoredBalance(row.getUUID("id"), row.getString("code"), row.getBigDecimal("debits"),
                                row.getBigDecimal("credits"), row.getBigDecimal("pending_debits"),
                                row.getBigDecimal("pending_credits"), row.getLong("version")));
                    }
                    return page;
                });
    }
}
