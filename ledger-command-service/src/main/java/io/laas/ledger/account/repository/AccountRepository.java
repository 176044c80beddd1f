package io.laas.ledger.account.repository;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.account.Account;
import io.laas.ledger.account.AccountBalance;
import io.laas.ledger.account.AccountStatus;
import io.laas.ledger.account.AccountType;
import io.laas.ledger.account.BalanceLimits;
import io.laas.ledger.transaction.Direction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AccountRepository {

    private static final String BALANCE_COLUMNS = """
            id, ledger_id, code, name, type, normal_balance, currency, parent_id, status, min_balance, max_balance,
            created_at, debits, credits, pending_debits, pending_credits, version""";
    private static final String COLUMNS = BALANCE_COLUMNS
            + ", metadata, (SELECT p.code FROM accounts p WHERE p.id = accounts.parent_id) AS parent_code";

    /** Inserts the account; returns {@code false} (and changes nothing) when its code is taken in the ledger. */
    public Uni<Boolean> insert(SqlClient client, Account account) {
        return client.preparedQuery("""
                INSERT INTO accounts (id, ledger_id, code, name, type, normal_balance, currency, parent_id, status,
                                      min_balance, max_balance, metadata, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                ON CONFLICT (ledger_id, code) DO NOTHING""")
                .execute(Tuple.from(new Object[] { account.id(), account.ledgerId(), account.code(), account.name(),
                        account.type().wire(), account.normalBalance().wire(), account.currency(), account.parentId(),
                        account.status().wire(), account.limits().min(), account.limits().max(), account.metadata(),
                        account.createdAt() }))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Locks the ledger's accounts with these codes in id order (a stable order, so concurrent writers
     * cannot deadlock) and returns them with their balances. Codes the ledger does not have are absent.
     * Their metadata, which postings never need, is not read: it is {@code null}.
     */
    public Uni<List<AccountBalance>> lockBalances(SqlClient client, UUID ledgerId, String[] codes) {
        return client.preparedQuery("SELECT " + BALANCE_COLUMNS
                + " FROM accounts WHERE ledger_id = $1 AND code = ANY($2) ORDER BY id FOR UPDATE")
                .execute(Tuple.of(ledgerId, codes))
                .map(AccountRepository::balances);
    }

    /** The account with this code, with everything it holds, or {@code null}. */
    public Uni<AccountBalance> find(SqlClient client, UUID ledgerId, String code) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE ledger_id = $1 AND code = $2")
                .execute(Tuple.of(ledgerId, code))
                .map(rows -> rows.size() == 0 ? null : balances(rows).get(0));
    }

    /** Like {@link #find}, and locks the account's row until the transaction ends. */
    public Uni<AccountBalance> lock(SqlClient client, UUID ledgerId, String code) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE ledger_id = $1 AND code = $2 FOR UPDATE")
                .execute(Tuple.of(ledgerId, code))
                .map(rows -> rows.size() == 0 ? null : balances(rows).get(0));
    }

    /** Writes the account's name, status, limits and metadata; only under its row lock. */
    public Uni<Void> updateState(SqlClient client, Account account) {
        return client.preparedQuery("""
                UPDATE accounts SET name = $2, status = $3, min_balance = $4, max_balance = $5, metadata = $6
                WHERE id = $1""")
                .execute(Tuple.from(new Object[] { account.id(), account.name(), account.status().wire(),
                        account.limits().min(), account.limits().max(), account.metadata() }))
                .replaceWithVoid();
    }

    /** Adds each movement to its account's running totals and version, in one statement. */
    public Uni<Void> addMovements(SqlClient client, List<Movement> movements) {
        int size = movements.size();
        UUID[] ids = new UUID[size];
        BigDecimal[] debits = new BigDecimal[size];
        BigDecimal[] credits = new BigDecimal[size];
        BigDecimal[] pendingDebits = new BigDecimal[size];
        BigDecimal[] pendingCredits = new BigDecimal[size];
        Long[] versions = new Long[size];
        for (int i = 0; i < size; i++) {
            Movement movement = movements.get(i);
            ids[i] = movement.accountId();
            debits[i] = movement.debits();
            credits[i] = movement.credits();
            pendingDebits[i] = movement.pendingDebits();
            pendingCredits[i] = movement.pendingCredits();
            versions[i] = movement.versions();
        }
        return client.preparedQuery("""
                UPDATE accounts a SET debits = a.debits + m.debits, credits = a.credits + m.credits,
                       pending_debits = a.pending_debits + m.pending_debits,
                       pending_credits = a.pending_credits + m.pending_credits,
                       version = a.version + m.versions
                FROM unnest($1::uuid[], $2::numeric[], $3::numeric[], $4::numeric[], $5::numeric[], $6::bigint[])
                  AS m (id, debits, credits, pending_debits, pending_credits, versions)
                WHERE a.id = m.id""")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfBigDecimal(debits).addArrayOfBigDecimal(credits)
                        .addArrayOfBigDecimal(pendingDebits).addArrayOfBigDecimal(pendingCredits).addArrayOfLong(versions))
                .replaceWithVoid();
    }

    /**
     * What a batch adds to one account: posted debits and credits, pending debits and credits (negative
     * when holds are released) and versions (postings).
     */
    public record Movement(UUID accountId, BigDecimal debits, BigDecimal credits, BigDecimal pendingDebits,
            BigDecimal pendingCredits, long versions) {
    }

    private static List<AccountBalance> balances(RowSet<Row> rows) {
        List<AccountBalance> balances = new ArrayList<>(rows.size());
        for (Row row : rows) {
            JsonObject metadata = row.getColumnIndex("metadata") < 0 ? null : row.getJsonObject("metadata");
            Account account = new Account(row.getUUID("id"), row.getUUID("ledger_id"), row.getString("code"),
                    row.getString("name"), AccountType.fromWire(row.getString("type")),
                    Direction.fromWire(row.getString("normal_balance")), row.getString("currency"),
                    row.getUUID("parent_id"), row.getColumnIndex("parent_code") < 0 ? null : row.getString("parent_code"),
                    AccountStatus.fromWire(row.getString("status")),
                    new BalanceLimits(row.getBigDecimal("min_balance"), row.getBigDecimal("max_balance")),
                    metadata, row.getOffsetDateTime("created_at"));
            balances.add(new AccountBalance(account, row.getBigDecimal("debits"), row.getBigDecimal("credits"),
                    row.getBigDecimal("pending_debits"), row.getBigDecimal("pending_credits"), row.getLong("version")));
        }
        return balances;
    }
}
