package io.laas.projector.balance.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.balance.AccountEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes account entries and keeps the checkpoints of their effective order, inside the projection's batch
 * transaction and set-based whatever the batch size: one statement appends the entries (with each account's
 * running totals in recording order) and moves the checkpoints (the chunk that receives an entry counts it;
 * the checkpoints after a back-dated entry add its amounts); a second statement, only when some chunk grew
 * beyond {@link #MAX_CHUNK} entries, splits those chunks into pieces of at most {@link #TARGET_CHUNK}.
 */
@ApplicationScoped
public class AccountEntryRepository {

    /** The most entries a chunk may hold once a batch is written: what a balance as of reads at most. */
    public static final int MAX_CHUNK = 512;
    /** The most entries of each piece of a chunk that is split. */
    public static final int TARGET_CHUNK = 256;

    /**
     * Appends the entries (in sequence order per account: every entry of a batch comes after the account's
     * entries already written) and moves the checkpoints. The clamp of {@code recorded_at} keeps the recording
     * order equal to the sequence order should the ledger's clock step back.
     */
    private static final String RECORD = """
            WITH e AS (
                SELECT e.ledger_id, e.account_id, e.effective_at, e.sequence, e.position, e.recorded_at,
                       e.transaction_id, e.kind, e.direction, e.amount::numeric AS amount, e.held::numeric AS held,
                       CASE WHEN e.direction = 'debit' THEN e.amount::numeric ELSE 0 END AS d,
                       CASE WHEN e.direction = 'credit' THEN e.amount::numeric ELSE 0 END AS c,
                       CASE WHEN e.direction = 'debit' THEN e.held::numeric ELSE 0 END AS pd,
                       CASE WHEN e.direction = 'credit' THEN e.held::numeric ELSE 0 END AS pc
                FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[], $4::int[], $5::timestamptz[], $6::uuid[],
                            $7::text[], $8::text[], $9::text[], $10::text[], $12::uuid[])
                     AS e(account_id, effective_at, sequence, position, recorded_at, transaction_id, kind, direction,
                          amount, held, ledger_id)
            ), last AS MATERIALIZED (
                SELECT a.account_id, l.recorded_at, l.debits, l.credits, l.pending_debits, l.pending_credits
                FROM (SELECT DISTINCT account_id FROM e) AS a
                LEFT JOIN LATERAL (
                    SELECT x.recorded_at, x.debits, x.credits, x.pending_debits, x.pending_credits
                    FROM account_entries x WHERE x.account_id = a.account_id
                    ORDER BY x.recorded_at DESC, x.sequence DESC, x.position DESC LIMIT 1) AS l ON true
            ), inserted AS (
                INSERT INTO account_entries (account_id, effective_at, sequence, position, recorded_at, transaction_id,
                                             kind, direction, amount, held, debits, credits, pending_debits,
                                             pending_credits, ledger_id)
                SELECT e.account_id, e.effective_at, e.sequence, e.position,
                       greatest(l.recorded_at, max(e.recorded_at) OVER w), e.transaction_id, e.kind, e.direction,
                       e.amount, e.held,
                       coalesce(l.debits, 0) + sum(e.d) OVER w, coalesce(l.credits, 0) + sum(e.c) OVER w,
                       coalesce(l.pending_debits, 0) + sum(e.pd) OVER w,
                       coalesce(l.pending_credits, 0) + sum(e.pc) OVER w, e.ledger_id
                FROM e JOIN last l ON l.account_id = e.account_id
                WINDOW w AS (PARTITION BY e.account_id ORDER BY e.sequence, e.position ROWS UNBOUNDED PRECEDING)
                RETURNING 1
            ), lo AS (
                SELECT DISTINCT ON (account_id) account_id, ledger_id, effective_at, sequence, position
                FROM e ORDER BY account_id, effective_at, sequence, position
            ), first_cp AS (
                SELECT lo.account_id, lo.ledger_id, coalesce(c.effective_at, '-infinity'::timestamptz) AS effective_at,
                       coalesce(c.sequence, 0) AS sequence, coalesce(c.position, 0) AS position
                FROM lo LEFT JOIN LATERAL (
                    SELECT c.effective_at, c.sequence, c.position FROM account_checkpoints c
                    WHERE c.account_id = lo.account_id
                      AND (c.effective_at, c.sequence, c.position) <= (lo.effective_at, lo.sequence, lo.position)
                    ORDER BY c.effective_at DESC, c.sequence DESC, c.position DESC LIMIT 1) AS c ON true
            ), later_cp AS (
                SELECT c.account_id, lo.ledger_id, c.effective_at, c.sequence, c.position
                FROM lo JOIN account_checkpoints c ON c.account_id = lo.account_id
                 AND (c.effective_at, c.sequence, c.position) > (lo.effective_at, lo.sequence, lo.position)
            ), merged AS (
                SELECT account_id, ledger_id, effective_at, sequence, position, 1 AS cp, 0::numeric AS d,
                       0::numeric AS c, 0::numeric AS pd, 0::numeric AS pc
                FROM first_cp
                UNION ALL
                SELECT account_id, ledger_id, effective_at, sequence, position, 1, 0, 0, 0, 0 FROM later_cp
                UNION ALL
                SELECT account_id, ledger_id, effective_at, sequence, position, 0, d, c, pd, pc FROM e
            ), running AS (
                SELECT account_id, ledger_id, effective_at, sequence, position, cp, sum(cp) OVER w AS chunk,
                       sum(d) OVER w AS d, sum(c) OVER w AS c, sum(pd) OVER w AS pd, sum(pc) OVER w AS pc
                FROM merged
                WINDOW w AS (PARTITION BY account_id ORDER BY effective_at, sequence, position, cp DESC
                             ROWS UNBOUNDED PRECEDING)
            ), counted AS (
                SELECT account_id, chunk, count(*) FILTER (WHERE cp = 0) AS n FROM running GROUP BY account_id, chunk
            ), moved AS (
                INSERT INTO account_checkpoints AS k (account_id, effective_at, sequence, position, debits, credits,
                                                      pending_debits, pending_credits, entries, ledger_id)
                SELECT r.account_id, r.effective_at, r.sequence, r.position, r.d, r.c, r.pd, r.pc, n.n, r.ledger_id
                FROM running r JOIN counted n ON n.account_id = r.account_id AND n.chunk = r.chunk
                WHERE r.cp = 1
                ON CONFLICT (account_id, effective_at, sequence, position) DO UPDATE
                SET debits = k.debits + excluded.debits, credits = k.credits + excluded.credits,
                    pending_debits = k.pending_debits + excluded.pending_debits,
                    pending_credits = k.pending_credits + excluded.pending_credits,
                    entries = k.entries + excluded.entries
                RETURNING k.account_id, k.effective_at, k.sequence, k.position, k.entries
            )
            SELECT (SELECT count(*) FROM inserted) AS inserted,
                   array_agg(DISTINCT account_id) FILTER (WHERE entries > $11) AS split_accounts
            FROM moved""";

    /**
     * Splits the chunks of these accounts that hold more than {@link #MAX_CHUNK} entries into {@code ceil(n / TARGET_CHUNK)} pieces of equal size: a checkpoint at the first
     * entry of every piece after the first, with the totals of the entries before it.
     */
    private static final String SPLIT = """
            WITH big AS (
                SELECT c.account_id, c.ledger_id, c.effective_at, c.sequence, c.position, c.debits, c.credits,
                       c.pending_debits, c.pending_credits,
                       coalesce(nx.effective_at, 'infinity'::timestamptz) AS next_effective_at,
                       coalesce(nx.sequence, 0) AS next_sequence, coalesce(nx.position, 0) AS next_position
                FROM unnest($1::uuid[]) AS k(account_id)
                JOIN account_checkpoints c ON c.account_id = k.account_id AND c.entries > $2
                LEFT JOIN LATERAL (
                    SELECT n.effective_at, n.sequence, n.position FROM account_checkpoints n
                    WHERE n.account_id = c.account_id
                      AND (n.effective_at, n.sequence, n.position) > (c.effective_at, c.sequence, c.position)
                    ORDER BY n.effective_at, n.sequence, n.position LIMIT 1) AS nx ON true
            ), rows AS (
                SELECT b.account_id, b.ledger_id, b.effective_at AS cp_effective_at, b.sequence AS cp_sequence,
                       b.position AS cp_position, e.effective_at, e.sequence, e.position,
                       row_number() OVER w AS rn, count(*) OVER chunk AS n,
                       b.debits + coalesce(sum(CASE WHEN e.direction = 'debit' THEN e.amount ELSE 0 END) OVER before, 0)
                           AS debits,
                       b.credits + coalesce(sum(CASE WHEN e.direction = 'credit' THEN e.amount ELSE 0 END) OVER before, 0)
                           AS credits,
                       b.pending_debits
                           + coalesce(sum(CASE WHEN e.direction = 'debit' THEN e.held ELSE 0 END) OVER before, 0)
                           AS pending_debits,
                       b.pending_credits
                           + coalesce(sum(CASE WHEN e.direction = 'credit' THEN e.held ELSE 0 END) OVER before, 0)
                           AS pending_credits
                FROM big b
                JOIN account_entries e ON e.account_id = b.account_id
                 AND (e.effective_at, e.sequence, e.position) >= (b.effective_at, b.sequence, b.position)
                 AND (e.effective_at, e.sequence, e.position) < (b.next_effective_at, b.next_sequence, b.next_position)
                WINDOW chunk AS (PARTITION BY b.account_id, b.effective_at, b.sequence, b.position),
                       w AS (chunk ORDER BY e.effective_at, e.sequence, e.position),
                       before AS (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
            ), sized AS (
                SELECT r.*, (r.n + pieces - 1) / pieces AS size
                FROM (SELECT rows.*, (n + $3 - 1) / $3 AS pieces FROM rows) AS r
            ), added AS (
                INSERT INTO account_checkpoints (account_id, effective_at, sequence, position, debits, credits,
                                                 pending_debits, pending_credits, entries, ledger_id)
                SELECT account_id, effective_at, sequence, position, debits, credits, pending_debits, pending_credits,
                       least(size, n - rn + 1), ledger_id
                FROM sized WHERE rn > 1 AND (rn - 1) % size = 0
                RETURNING 1
            ), resized AS (
                UPDATE account_checkpoints c SET entries = s.size
                FROM (SELECT DISTINCT account_id, cp_effective_at, cp_sequence, cp_position, size FROM sized) AS s
                WHERE c.account_id = s.account_id AND c.effective_at = s.cp_effective_at
                  AND c.sequence = s.cp_sequence AND c.position = s.cp_position
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM added) AS added, (SELECT count(*) FROM resized) AS resized""";

    /**
     * Writes the entries of a batch and moves the checkpoints; emits how many entries were written. An entry
     * whose key is taken is refused by the database (SQLSTATE 23505): an event applied twice, never silently.
     */
    public Uni<Long> record(SqlConnection conn, List<AccountEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        int n = entries.size();
        UUID[] ledgers = new UUID[n];
        UUID[] accounts = new UUID[n];
        OffsetDateTime[] effectiveAt = new OffsetDateTime[n];
        Long[] sequences = new Long[n];
        Integer[] positions = new Integer[n];
        OffsetDateTime[] recordedAt = new OffsetDateTime[n];
        UUID[] transactions = new UUID[n];
        String[] kinds = new String[n];
        String[] directions = new String[n];
        String[] amounts = new String[n];
        String[] held = new String[n];
        for (int i = 0; i < n; i++) {
            AccountEntry entry = entries.get(i);
            ledgers[i] = entry.ledgerId();
            accounts[i] = entry.accountId();
            effectiveAt[i] = entry.effectiveAt();
            sequences[i] = entry.sequence();
            positions[i] = entry.position();
            recordedAt[i] = entry.recordedAt();
            transactions[i] = entry.transactionId();
            kinds[i] = entry.kind();
            directions[i] = entry.direction();
            amounts[i] = entry.amount().toPlainString();
            held[i] = entry.held().toPlainString();
        }
        return conn.preparedQuery(RECORD)
                .execute(Tuple.from(new Object[] { accounts, effectiveAt, sequences, positions, recordedAt,
                        transactions, kinds, directions, amounts, held, MAX_CHUNK, ledgers }))
                .chain(rows -> {
                    Row row = rows.iterator().next();
                    long inserted = row.getLong("inserted");
                    UUID[] splitAccounts = row.getArrayOfUUIDs("split_accounts");
                    if (splitAccounts == null || splitAccounts.length == 0) {
                        return Uni.createFrom().item(inserted);
                    }
                    return conn.preparedQuery(SPLIT)
                            .execute(Tuple.of(splitAccounts, MAX_CHUNK, TARGET_CHUNK))
                            .replaceWith(inserted);
                });
    }
}
