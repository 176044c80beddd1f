package io.laas.projector.balance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Migration V7 builds the entries and checkpoints of what was projected before it from the transactions and
 * postings: run on a copy of a ledger's transactions and postings in a scratch schema, it gives the entries and
 * checkpoints the projector wrote for the same events (a commit's or void's entries with the held transaction's
 * sequence, which is all the read model kept of them).
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class EntriesMigrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SCHEMA = "v7_backfill_check";

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Test
    void theBackfillGivesTheEntriesAndCheckpointsTheProjectionWrites() throws IOException {
        TestLedger ledger = new TestLedger();
        List<Event> events = new ArrayList<>();
        events.add(ledger.account("wallet", "liability"));
        events.add(ledger.account("cash", "asset"));
        UUID reversed = null;
        // 300 transfers, every seventh back-dated by a day: the cash account gets two checkpoints.
        for (int i = 0; i < 300; i++) {
            UUID id = UUID.randomUUID();
            String time = "2026-02-" + String.format("%02d", 2 + i / 20) + "T" + String.format("%02d", i % 20)
                    + ":00:00Z";
            String effective = i % 7 == 0 ? time.replace("2026-02-", "2026-01-") : time;
            events.add(at(ledger.transaction("transaction.posted", id, new JsonObject().put("occurred_at", effective),
                    ledger.posting("cash", "debit", (i + 1) + ".00"), ledger.posting("wallet", "credit", (i + 1) + ".00")),
                    time));
            reversed = id;
        }
        UUID committed = UUID.randomUUID();
        UUID voided = UUID.randomUUID();
        UUID pending = UUID.randomUUID();
        events.add(at(ledger.transaction("transaction.pending", committed,
                new JsonObject().put("occurred_at", "2026-03-01T10:00:00Z"),
                ledger.posting("wallet", "debit", "50.00"), ledger.posting("cash", "credit", "50.00")),
                "2026-03-01T10:00:00Z"));
        events.add(at(ledger.transaction("transaction.pending", voided,
                new JsonObject().put("occurred_at", "2026-02-27T10:00:00Z"),
                ledger.posting("wallet", "debit", "5.00"), ledger.posting("cash", "credit", "5.00")),
                "2026-03-01T11:00:00Z"));
        Event commit = ledger.committed(committed, ledger.posting("wallet", "debit", "30.00"),
                ledger.posting("cash", "credit", "30.00"));
        commit.envelope().getJsonObject("data").put("occurred_at", "2026-03-02T09:00:00Z");
        events.add(at(commit, "2026-03-02T09:00:00Z"));
        Event voiding = ledger.voided(voided, "expired");
        voiding.envelope().getJsonObject("data").put("voided_at", "2026-03-02T10:00:00Z");
        events.add(at(voiding, "2026-03-02T10:00:00Z"));
        events.add(at(ledger.transaction("transaction.reversed", UUID.randomUUID(),
                new JsonObject().put("occurred_at", "2026-03-03T09:00:00Z").put("reversal_of", reversed.toString()),
                ledger.posting("wallet", "debit", "100.00").put("original_posting", 1),
                ledger.posting("cash", "credit", "100.00").put("original_posting", 0)),
                "2026-03-03T09:00:00Z"));
        events.add(at(ledger.transaction("transaction.pending", pending,
                new JsonObject().put("occurred_at", "2026-03-04T09:00:00Z"),
                ledger.posting("wallet", "debit", "7.00"), ledger.posting("cash", "credit", "7.00")),
                "2026-03-04T09:00:00Z"));
        TestLedger.sendAll(events);
        await().atMost(WAIT).until(() -> lastSequence(ledger) == events.size());

        String migration;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/V7__account_entries.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder code = new StringBuilder();
        for (String line : migration.split("\n")) {
            if (!line.stripLeading().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        statements.add("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        statements.add("CREATE SCHEMA " + SCHEMA);
        statements.add("CREATE TABLE " + SCHEMA + ".transactions AS SELECT * FROM projector.transactions WHERE ledger_id = $LEDGER");
        statements.add("CREATE TABLE " + SCHEMA + ".postings AS SELECT * FROM projector.postings WHERE ledger_id = $LEDGER");
        statements.add("SET LOCAL search_path = " + SCHEMA);
        for (String statement : code.toString().split(";\\s*\n")) {
            if (!statement.isBlank()) {
                statements.add(statement);
            }
        }
        pool.withTransaction((SqlConnection conn) -> {
            io.smallrye.mutiny.Uni<Void> chain = io.smallrye.mutiny.Uni.createFrom().voidItem();
            for (String statement : statements) {
                String sql = statement.replace("$LEDGER", "'" + ledger.id + "'::uuid");
                chain = chain.chain(() -> conn.query(sql).execute().replaceWithVoid());
            }
            return chain;
        }).await().atMost(Duration.ofSeconds(60));

        UUID[] accounts = { ledger.accountId("wallet"), ledger.accountId("cash") };
        String entries = "SELECT account_id, effective_at, position, recorded_at, transaction_id, kind, direction, "
                + "amount, held, debits, credits, pending_debits, pending_credits FROM %s.account_entries "
                + "WHERE account_id = ANY($1) ORDER BY account_id, effective_at, recorded_at, position";
        List<String> projected = rows(String.format(entries, "projector"), accounts);
        List<String> backfilled = rows(String.format(entries, SCHEMA), accounts);
        assertEquals(2 * 300 + 3 * 2 + 2 + 2 + 2, projected.size()); // transfers, holds, commit, void, reversal
        assertEquals(projected, backfilled);
        // Checkpoints every 256 entries (the projection cuts chunks only past 512): each holds the totals of the
        // entries before it and counts those up to the next.
        List<String> checks = rows("""
                SELECT c.account_id, c.effective_at::text, c.entries, n.entries AS counted,
                       (c.debits, c.credits, c.pending_debits, c.pending_credits)
                           = (coalesce(t.debits, 0), coalesce(t.credits, 0), coalesce(t.pending_debits, 0),
                              coalesce(t.pending_credits, 0)) AS totals_match
                FROM %1$s.account_checkpoints c
                LEFT JOIN LATERAL (
                    SELECT sum(amount) FILTER (WHERE direction = 'debit') AS debits,
                           sum(amount) FILTER (WHERE direction = 'credit') AS credits,
                           sum(held) FILTER (WHERE direction = 'debit') AS pending_debits,
                           sum(held) FILTER (WHERE direction = 'credit') AS pending_credits
                    FROM %1$s.account_entries e WHERE e.account_id = c.account_id
                      AND (e.effective_at, e.sequence, e.position) < (c.effective_at, c.sequence, c.position)) t ON true
                LEFT JOIN LATERAL (
                    SELECT x.effective_at, x.sequence, x.position FROM %1$s.account_checkpoints x
                    WHERE x.account_id = c.account_id
                      AND (x.effective_at, x.sequence, x.position) > (c.effective_at, c.sequence, c.position)
                    ORDER BY x.effective_at, x.sequence, x.position LIMIT 1) nx ON true
                LEFT JOIN LATERAL (
                    SELECT count(*) AS entries FROM %1$s.account_entries e
                    WHERE e.account_id = c.account_id
                      AND (e.effective_at, e.sequence, e.position) >= (c.effective_at, c.sequence, c.position)
                      AND (e.effective_at, e.sequence, e.position) < (coalesce(nx.effective_at, 'infinity'),
                                                                      coalesce(nx.sequence, 0), coalesce(nx.position, 0))
                ) n ON true
                WHERE c.account_id = ANY($1)
                ORDER BY c.account_id, c.effective_at""".formatted(SCHEMA), accounts);
        assertEquals(4, checks.size(), "two checkpoints per account: " + checks);
        for (String check : checks) {
            JsonObject row = new JsonObject(check);
            assertTrue(row.getBoolean("totals_match"), check);
            assertEquals(row.getLong("counted"), row.getLong("entries"), check);
        }
        pool.query("DROP SCHEMA " + SCHEMA + " CASCADE").execute().await().atMost(Duration.ofSeconds(10));
    }

    private List<String> rows(String sql, UUID[] accounts) {
        List<String> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(accounts)).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> rows.add(row.toJson().encode()));
        return rows;
    }

    private static Event at(Event event, String recordedAt) {
        event.envelope().put("recorded_at", recordedAt);
        return event;
    }

    private long lastSequence(TestLedger ledger) {
        var rows = pool.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1")
                .execute(Tuple.of(ledger.id)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }
}
