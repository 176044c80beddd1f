package io.laas.projector.account.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.account.Account;
import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.PostingData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AccountRepository {

    private static final String COLUMNS = "id, ledger_id, code, name, type, currency, debits, credits, last_sequence, "
            + "created_at, updated_at";

    /** The account a posting touched, as resolved in the read model. */
    public record AccountRef(UUID id, String code) {
    }

    private final Pool pool;

    public AccountRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlConnection conn, UUID ledgerId, long sequence, AccountCreated account) {
        return conn.preparedQuery("INSERT INTO accounts (" + COLUMNS + ") "
                + "VALUES ($1, $2, $3, $4, $5, $6, 0, 0, $7, $8, $8) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(Arrays.<Object>asList(account.accountId(), ledgerId, account.code(), account.name(),
                        account.type(), account.currency(), sequence, account.createdAt())))
                .replaceWithVoid();
    }

    /** Adds the posting to the account's debits or credits; emits null when the ledger has no such account. */
    public Uni<AccountRef> applyPosting(SqlConnection conn, UUID ledgerId, long sequence, OffsetDateTime at,
            PostingData posting) {
        String column = posting.direction().equals("debit") ? "debits" : "credits";
        boolean byId = posting.accountId() != null;
        String sql = "UPDATE accounts SET " + column + " = " + column + " + $3, last_sequence = $4, updated_at = $5 "
                + "WHERE ledger_id = $1 AND " + (byId ? "id = $2" : "code = $2") + " RETURNING id, code";
        Object key = byId ? posting.accountId() : posting.accountCode();
        return conn.preparedQuery(sql)
                .execute(Tuple.of(ledgerId, key, posting.amount(), sequence, at))
                .map(rows -> rows.size() == 0 ? null
                        : new AccountRef(rows.iterator().next().getUUID("id"), rows.iterator().next().getString("code")));
    }

    public Uni<Account> findByCode(UUID ledgerId, String code) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE ledger_id = $1 AND code = $2")
                .execute(Tuple.of(ledgerId, code))
                .map(rows -> rows.size() == 0 ? null : toAccount(rows.iterator().next()));
    }

    /** Up to {@code limit} accounts of the ledger ordered by code, starting after {@code afterCode} (if any). */
    public Uni<List<Account>> list(UUID ledgerId, String afterCode, int limit) {
        Uni<RowSet<Row>> rows = afterCode == null
                ? pool.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE ledger_id = $1 ORDER BY code LIMIT $2")
                        .execute(Tuple.of(ledgerId, limit))
                : pool.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE ledger_id = $1 AND code > $2 "
                        + "ORDER BY code LIMIT $3")
                        .execute(Tuple.of(ledgerId, afterCode, limit));
        return rows.map(set -> {
            List<Account> accounts = new ArrayList<>(set.size());
            set.forEach(row -> accounts.add(toAccount(row)));
            return accounts;
        });
    }

    private static Account toAccount(Row row) {
        return new Account(row.getUUID("id"), row.getUUID("ledger_id"), row.getString("code"), row.getString("name"),
                row.getString("type"), row.getString("currency"), row.getBigDecimal("debits"),
                row.getBigDecimal("credits"), row.getLong("last_sequence"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }
}
