package io.laas.projector.account.repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.account.Account;
import io.laas.projector.account.AccountChange;
import io.laas.projector.account.AccountFilter;
import io.laas.projector.account.AccountRef;
import io.laas.projector.account.NewAccount;
import io.laas.projector.common.MetadataMatch;
import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.AccountUpdated;
import io.laas.tenancy.LedgerScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class AccountRepository {

    private static final String COLUMNS = "id, ledger_id, code, name, type, normal_balance, currency, scale, parent_id, "
            + "parent_code, status, min_balance, max_balance, metadata::text AS metadata, version, debits, credits, "
            + "pending_debits, pending_credits, last_sequence, created_at, updated_at";

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
        String[] normalBalances = new String[n];
        String[] currencies = new String[n];
        Integer[] scales = new Integer[n];
        UUID[] parentIds = new UUID[n];
        String[] parentCodes = new String[n];
        String[] statuses = new String[n];
        String[] minBalances = new String[n];
        String[] maxBalances = new String[n];
        String[] metadata = new String[n];
        Long[] versions = new Long[n];
        Long[] sequences = new Long[n];
        OffsetDateTime[] createdAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewAccount account = accounts.get(i);
            AccountCreated data = account.data();
            ids[i] = data.accountId();
            ledgers[i] = account.ledgerId();
            codes[i] = data.code();
            names[i] = data.name();
            types[i] = data.type();
            normalBalances[i] = data.normalBalance();
            currencies[i] = data.currency();
            scales[i] = data.scale();
            parentIds[i] = data.parentId();
            parentCodes[i] = data.parentCode();
            statuses[i] = data.status();
            minBalances[i] = plain(data.limits().minBalance());
            maxBalances[i] = plain(data.limits().maxBalance());
            metadata[i] = data.metadataJson();
            versions[i] = data.version();
            sequences[i] = account.sequence();
            createdAt[i] = data.createdAt();
        }
        return conn.preparedQuery("""
                INSERT INTO accounts (id, ledger_id, code, name, type, normal_balance, currency, scale, parent_id,
                                      parent_code, status, min_balance, max_balance, metadata, version, debits, credits,
                                      last_sequence, created_at, updated_at)
                SELECT a.id, a.ledger_id, a.code, a.name, a.type, a.normal_balance, a.currency, a.scale, a.parent_id,
                       a.parent_code, a.status, a.min_balance::numeric, a.max_balance::numeric, a.metadata::jsonb,
                       a.version, 0, 0, a.sequence, a.created_at, a.created_at
                FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::int[], $9::uuid[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
                            $15::bigint[], $16::bigint[], $17::timestamptz[]) WITH ORDINALITY
                     AS a(id, ledger_id, code, name, type, normal_balance, currency, scale, parent_id, parent_code,
                          status, min_balance, max_balance, metadata, version, sequence, created_at, n)
                ORDER BY a.n ON CONFLICT DO NOTHING""")
                .execute(Tuple.from(new Object[] { ids, ledgers, codes, names, types, normalBalances, currencies, scales,
                        parentIds, parentCodes, statuses, minBalances, maxBalances, metadata, versions, sequences,
                        createdAt }))
                .replaceWithVoid();
    }

    /**
     * Applies one change per account in one statement: amounts added to the posted and pending totals, the
     * version, the state of {@code account.updated}, the last sequence and time. Emits how many accounts it
     * changed, which must be all of them.
     */
    public Uni<Long> apply(SqlConnection conn, List<AccountChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        int n = changes.size();
        UUID[] ids = new UUID[n];
        String[] debits = new String[n];
        String[] credits = new String[n];
        String[] pendingDebits = new String[n];
        String[] pendingCredits = new String[n];
        Long[] versionSet = new Long[n];
        Long[] versionAdded = new Long[n];
        String[] names = new String[n];
        String[] statuses = new String[n];
        Boolean[] limitsSet = new Boolean[n];
        String[] minBalances = new String[n];
        String[] maxBalances = new String[n];
        String[] metadata = new String[n];
        Long[] sequences = new Long[n];
        OffsetDateTime[] updatedAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            AccountChange change = changes.get(i);
            ids[i] = change.id();
            debits[i] = change.debits().toPlainString();
            credits[i] = change.credits().toPlainString();
            pendingDebits[i] = change.pendingDebits().toPlainString();
            pendingCredits[i] = change.pendingCredits().toPlainString();
            versionSet[i] = change.versionSet();
            versionAdded[i] = change.versionAdded();
            AccountUpdated state = change.state();
            names[i] = state == null ? null : state.name();
            statuses[i] = state == null ? null : state.status();
            limitsSet[i] = state != null && state.limits() != null;
            minBalances[i] = limitsSet[i] ? plain(state.limits().minBalance()) : null;
            maxBalances[i] = limitsSet[i] ? plain(state.limits().maxBalance()) : null;
            metadata[i] = state == null ? null : state.metadataJson();
            sequences[i] = change.lastSequence();
            updatedAt[i] = change.updatedAt();
        }
        return conn.preparedQuery("""
                WITH moved AS (
                    UPDATE accounts a
                    SET debits = a.debits + c.debits::numeric, credits = a.credits + c.credits::numeric,
                        pending_debits = a.pending_debits + c.pending_debits::numeric,
                        pending_credits = a.pending_credits + c.pending_credits::numeric,
                        version = coalesce(c.version_set, a.version) + c.version_added,
                        name = coalesce(c.name, a.name), status = coalesce(c.status, a.status),
                        min_balance = CASE WHEN c.limits_set THEN c.min_balance::numeric ELSE a.min_balance END,
                        max_balance = CASE WHEN c.limits_set THEN c.max_balance::numeric ELSE a.max_balance END,
                        metadata = coalesce(c.metadata::jsonb, a.metadata),
                        last_sequence = c.last_sequence, updated_at = c.updated_at
                    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
                                $8::text[], $9::text[], $10::boolean[], $11::text[], $12::text[], $13::text[],
                                $14::bigint[], $15::timestamptz[])
                         AS c(id, debits, credits, pending_debits, pending_credits, version_set, version_added, name,
                              status, limits_set, min_balance, max_balance, metadata, last_sequence, updated_at)
                    WHERE a.id = c.id
                    RETURNING 1
                )
                SELECT count(*) FROM moved""")
                .execute(Tuple.from(new Object[] { ids, debits, credits, pendingDebits, pendingCredits, versionSet,
                        versionAdded, names, statuses, limitsSet, minBalances, maxBalances, metadata, sequences,
                        updatedAt }))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Account> findByCode(UUID ledgerId, String code) {
        return LedgerScope.query(pool, ledgerId,
                "SELECT " + COLUMNS + " FROM accounts WHERE ledger_id = $1 AND code = $2", Tuple.of(ledgerId, code))
                .map(rows -> rows.size() == 0 ? null : toAccount(rows.iterator().next()));
    }

    /**
     * Up to {@code limit} accounts of the ledger that pass {@code filter}, by code in byte order (COLLATE "C",
     * whatever the database's collation), starting after {@code afterCode}. The code prefix is a range of that
     * order; every value is a bind parameter.
     */
    public Uni<List<Account>> list(UUID ledgerId, AccountFilter filter, String afterCode, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM accounts WHERE ledger_id = $1");
        List<Object> params = new ArrayList<>(List.of(ledgerId));
        if (filter.codePrefix() != null) {
            params.add(filter.codePrefix());
            sql.append(" AND code COLLATE \"C\" >= $").append(params.size());
            params.add(prefixEnd(filter.codePrefix()));
            sql.append(" AND code COLLATE \"C\" < $").append(params.size());
        }
        if (filter.type() != null) {
            params.add(filter.type());
            sql.append(" AND type = $").append(params.size());
        }
        if (filter.parentCode() != null) {
            params.add(filter.parentCode());
            sql.append(" AND parent_code = $").append(params.size());
        }
        if (filter.status() != null) {
            params.add(filter.status());
            sql.append(" AND status = $").append(params.size());
        }
        if (filter.currency() != null) {
            params.add(filter.currency());
            sql.append(" AND currency = $").append(params.size());
        }
        for (String[] candidates : MetadataMatch.candidates(filter.metadata())) {
            params.add(candidates);
            sql.append(" AND metadata @> ANY($").append(params.size()).append("::text[]::jsonb[])");
        }
        if (afterCode != null) {
            params.add(afterCode);
            sql.append(" AND code COLLATE \"C\" > $").append(params.size());
        }
        params.add(limit);
        sql.append(" ORDER BY code COLLATE \"C\" LIMIT $").append(params.size());
        return LedgerScope.query(pool, ledgerId, sql.toString(), Tuple.from(params)).map(set -> {
            List<Account> accounts = new ArrayList<>(set.size());
            set.forEach(row -> accounts.add(toAccount(row)));
            return accounts;
        });
    }

    /**
     * The first string after every string that starts with {@code prefix}, in byte order: the prefix with its
     * last character raised by one (account codes are ASCII, so this never overflows a character).
     */
    static String prefixEnd(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private static Account toAccount(Row row) {
        return new Account(row.getUUID("id"), row.getUUID("ledger_id"), row.getString("code"), row.getString("name"),
                row.getString("type"), row.getString("normal_balance"), row.getString("currency"),
                row.getInteger("scale"), row.getUUID("parent_id"), row.getString("parent_code"), row.getString("status"),
                row.getBigDecimal("min_balance"), row.getBigDecimal("max_balance"), row.getString("metadata"),
                row.getLong("version"), row.getBigDecimal("debits"), row.getBigDecimal("credits"),
                row.getBigDecimal("pending_debits"), row.getBigDecimal("pending_credits"),
                row.getLong("last_sequence"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
