package io.laas.ledger.account.repository;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.account.Account;
import io.laas.ledger.account.AccountType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AccountRepository {

    private static final String COLUMNS = "id, ledger_id, code, name, type, currency, created_at";

    /** Inserts the account; returns {@code false} (and changes nothing) when its code is taken in the ledger. */
    public Uni<Boolean> insert(SqlClient client, Account account) {
        return client.preparedQuery("""
                INSERT INTO accounts (id, ledger_id, code, name, type, currency, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (ledger_id, code) DO NOTHING""")
                .execute(Tuple.from(new Object[] { account.id(), account.ledgerId(), account.code(), account.name(),
                        account.type().wire(), account.currency(), account.createdAt() }))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<Account>> findByCodes(SqlClient client, UUID ledgerId, List<String> codes) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE ledger_id = $1 AND code = ANY($2)")
                .execute(Tuple.of(ledgerId, codes.toArray(String[]::new)))
                .map(AccountRepository::toAccounts);
    }

    /** Locks the accounts in id order (a stable order, so concurrent writers cannot deadlock). */
    public Uni<List<Account>> lockByCodes(SqlClient client, UUID ledgerId, List<String> codes) {
        return client.preparedQuery("SELECT " + COLUMNS
                + " FROM accounts WHERE ledger_id = $1 AND code = ANY($2) ORDER BY id FOR UPDATE")
                .execute(Tuple.of(ledgerId, codes.toArray(String[]::new)))
                .map(AccountRepository::toAccounts);
    }

    /** Adds the movements to the running totals; one entry per account, in id order. */
    public Uni<Void> addMovements(SqlClient client, List<Movement> movements) {
        List<Tuple> rows = movements.stream()
                .map(m -> Tuple.of(m.accountId(), m.debits(), m.credits()))
                .toList();
        return client.preparedQuery("UPDATE accounts SET debits = debits + $2, credits = credits + $3 WHERE id = $1")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /** Totals to add to one account's debits and credits. */
    public record Movement(UUID accountId, BigDecimal debits, BigDecimal credits) {
    }

    private static List<Account> toAccounts(RowSet<Row> rows) {
        List<Account> accounts = new java.util.ArrayList<>(rows.size());
        for (Row row : rows) {
            accounts.add(new Account(row.getUUID("id"), row.getUUID("ledger_id"), row.getString("code"),
                    row.getString("name"), AccountType.fromWire(row.getString("type")), row.getString("currency"),
                    row.getOffsetDateTime("created_at")));
        }
        return accounts;
    }
}
