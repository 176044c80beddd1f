package io.laas.ledger.account.repository;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.account.Account;
import io.laas.ledger.account.AccountBalance;
import io.laas.ledger.account.AccountType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AccountRepository {

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

    /**
     * Locks the ledger's accounts with these codes in id order (a stable order, so concurrent writers
     * cannot deadlock) and returns them with their balances. Codes the ledger does not have are absent.
     */
    public Uni<List<AccountBalance>> lockBalances(SqlClient client, UUID ledgerId, String[] codes) {
        return client.preparedQuery("""
                SELECT id, ledger_id, code, name, type, currency, created_at, debits, credits
                FROM accounts WHERE ledger_id = $1 AND code = ANY($2) ORDER BY id FOR UPDATE""")
                .execute(Tuple.of(ledgerId, codes))
                .map(rows -> {
                    List<AccountBalance> balances = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        Account account = new Account(row.getUUID("id"), row.getUUID("ledger_id"), row.getString("code"),
                                row.getString("name"), AccountType.fromWire(row.getString("type")),
                                row.getString("currency"), row.getOffsetDateTime("created_at"));
                        balances.add(new AccountBalance(account, row.getBigDecimal("debits"), row.getBigDecimal("credits")));
                    }
                    return balances;
                });
    }

    /** Adds each movement to its account's running totals, in one statement. */
    public Uni<Void> addMovements(SqlClient client, List<Movement> movements) {
        UUID[] ids = new UUID[movements.size()];
        BigDecimal[] debits = new BigDecimal[movements.size()];
        BigDecimal[] credits = new BigDecimal[movements.size()];
        for (int i = 0; i < movements.size(); i++) {
            Movement movement = movements.get(i);
            ids[i] = movement.accountId();
            debits[i] = movement.debits();
            credits[i] = movement.credits();
        }
        return client.preparedQuery("""
                UPDATE accounts a SET debits = a.debits + m.debits, credits = a.credits + m.credits
                FROM unnest($1::uuid[], $2::numeric[], $3::numeric[]) AS m (id, debits, credits)
                WHERE a.id = m.id""")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfBigDecimal(debits).addArrayOfBigDecimal(credits))
                .replaceWithVoid();
    }

    /** Totals to add to one account's debits and credits. */
    public record Movement(UUID accountId, BigDecimal debits, BigDecimal credits) {
    }
}
