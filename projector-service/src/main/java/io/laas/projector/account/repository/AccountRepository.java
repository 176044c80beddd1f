package io.laas.projector.account.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.account.Account;
import io.laas.projector.account.AccountRef;
import io.laas.projector.account.NewAccount;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AccountRepository {

    private static final String COLUMNS = "id, ledger_id, code, name, type, currency, scale, debits, credits, "
            + "last_sequence, created_at, updated_at";

    private final Pool pool;

    public AccountRepository(Pool pool) {
        this.pool = pool;
    }

    /** The accounts with these ids, and those with these (ledger, code) pairs. */
    public Uni<List<AccountRef>> find(SqlConnection conn, Set<UUID> ids, List<UUID> codeLedgers, List<String> codes) {
        if (ids.isEmpty() && codes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("SELECT id, ledger_id, code FROM accounts WHERE id = ANY($1) UNION "
                + "SELECT a.id, a.ledger_id, a.code FROM accounts a JOIN unnest($2::uuid[], $3::text[]) AS k(ledger_id, code) "
                + "ON a.ledger_id = k.ledger_id AND a.code = k.code")
                .execute(Tuple.of(ids.toArray(UUID[]::new), codeLedgers.toArray(UUID[]::new),
                        codes.toArray(String[]::new)))
                .map(rows -> {
                    List<AccountRef> found = new ArrayList<>(rows.size());
                    rows.forEach(row -> found.add(new AccountRef(row.getUUID("id"), row.getUUID("ledger_id"),
                            row.getString("code"))));
                    return found;
                });
    }

    /** Creates the accounts with zero totals; an id or (ledger, code) already there is left as it is. */
    public Uni<Void> insert(SqlConnection conn, List<NewAccount> accounts) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = accounts.size();
        UUID[] ids = new UUID[n];
        UUID[] ledgers = new UUID[n];
        String[] codes = new String[n];
        String[] names = new String[n];
        String[] types = new String[n];
        String[] currencies = new String[n];
        Integer[] scales = new Integer[n];
        Long[] sequences = new Long[n];
        OffsetDateTime[] createdAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewAccount account = accounts.get(i);
            ids[i] = account.data().accountId();
            ledgers[i] = account.ledgerId();
            codes[i] = account.data().code();
            names[i] = account.data().name();
            types[i] = account.data().type();
            currencies[i] = account.data().currency();
            scales[i] = account.data().scale();
            sequences[i] = account.sequence();
            createdAt[i] = account.data().createdAt();
        }
        return conn.preparedQuery("INSERT INTO accounts (" + COLUMNS + ") "
                + "SELECT a.id, a.ledger_id, a.code, a.name, a.type, a.currency, a.scale, 0, 0, a.sequence, a.created_at, "
                + "a.created_at "
                + "FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], "
                + "$8::bigint[], $9::timestamptz[]) WITH ORDINALITY "
                + "AS a(id, ledger_id, code, name, type, currency, scale, sequence, created_at, n) "
                + "ORDER BY a.n ON CONFLICT DO NOTHING")
                .execute(Tuple.from(new Object[] { ids, ledgers, codes, names, types, currencies, scales, sequences,
                        createdAt }))
                .replaceWithVoid();
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
                row.getString("type"), row.getString("currency"), row.getInteger("scale"), row.getBigDecimal("debits"),
                row.getBigDecimal("credits"), row.getLong("last_sequence"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }
}
