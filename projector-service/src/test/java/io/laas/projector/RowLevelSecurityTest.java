package io.laas.projector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.local.testing.RowLevelSecurityCatalog;
import io.laas.local.testing.RowLevelSecurityCatalog.Role;
import io.laas.projector.common.CustomPlans;
import io.laas.projector.common.MetadataFilterPlan;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Row-level security in the projector's schema (docs/security.md, "Row-level security"): on the default
 * datasource, which every request on a tenant's behalf uses, a statement that forgets its ledger filter sees only
 * the rows of the ledger its transaction names, none without one, and cannot write another ledger's rows; the
 * batch datasource's role bypasses the policies, and only the cross-ledger work injects it.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class RowLevelSecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Tables without row-level security, and why. */
    private static final Map<String, String> EXEMPT = Map.of(
            "flyway_schema_history", "the migrations' own bookkeeping, no ledger's data",
            "epochs", "the event log's epochs, read at start, no ledger's data",
            "epoch_cuts", "ledger ids and sequences of restores, read at start for all ledgers at once",
            "ledger_progress", "a ledger id, a sequence and a time; the wait of reads with min_sequence polls the "
                    + "progress of the ledgers of several tenants in one query");

    /** The classes of cross-ledger work, the only ones that may use the batch datasource. */
    private static final Set<String> BATCH_WORK = Set.of(
            "io/laas/projector/failure/repository/FailedEventRepository.java", // operators' list of failed events (ops:admin)
            "io/laas/projector/failure/service/FailedEventService.java", // re-drives and dismissals (ops:admin)
            "io/laas/projector/projection/service/ProjectionService.java", // the Kafka consumer's batches
            "io/laas/projector/projection/service/ProjectionMetrics.java", // gauges over every ledger
            "io/laas/projector/projection/service/LagMetrics.java", // lag gauges over every ledger
            "io/laas/projector/rebuild/service/RebuildService.java", // rebuilds (ops:admin)
            "io/laas/projector/rebuild/repository/ShadowProjection.java"); // the rebuild's copy, connected as the batch role

    @Inject
    Pool tenantPool;

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool batchPool;

    private static TestLedger a;
    private static TestLedger b;

    @BeforeAll
    static void twoLedgersWithRowsInEveryTable() {
        a = new TestLedger();
        b = new TestLedger();
        for (TestLedger ledger : List.of(a, b)) {
            ledger.account("cash", "asset").send();
            ledger.account("revenue", "revenue").send();
            ledger.event("asset.declared", new JsonObject().put("code", "GOLD").put("scale", 3)).send();
            ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "10.00", "revenue", "credit", "10.00").send();
            // poison (an account the projection never heard of): failed_events; the next one waits behind it
            ledger.unknownAccount("ghost");
            ledger.transaction(UUID.randomUUID(), "USD", "ghost", "debit", "1.00", "revenue", "credit", "1.00").send();
            ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "2.00", "revenue", "credit", "2.00").send();
        }
    }

    @Test
    void aStatementWithoutALedgerFilterSeesOnlyTheLedgerOfItsTransaction() {
        List<String> tables = tablesWithRowLevelSecurity();
        assertTrue(tables.containsAll(List.of("accounts", "assets", "transactions", "postings", "account_entries",
                "account_checkpoints", "processed_events", "parked_events", "failed_events", "rebuilds")),
                tables.toString());
        awaitFixtures();

        for (String table : tables) {
            String counts = "SELECT count(*) FILTER (WHERE ledger_id = $1) AS mine, "
                    + "count(*) FILTER (WHERE ledger_id IS DISTINCT FROM $1) AS others FROM " + table;
            // the rows are there: the batch role sees both ledgers
            Row all = one(batchPool, counts, a.id);
            assertTrue(all.getLong("mine") > 0, table + " has rows of ledger A");
            assertTrue(all.getLong("others") > 0, table + " has rows of other ledgers");
            // the same statement on a tenant's behalf: ledger A's rows, nothing else
            Row scoped = LedgerScope.withLedger(tenantPool, a.id,
                    conn -> conn.preparedQuery(counts).execute(Tuple.of(a.id)).map(rows -> rows.iterator().next()))
                    .await().atMost(WAIT);
            assertEquals(all.getLong("mine"), scoped.getLong("mine"), table);
            assertEquals(0L, scoped.getLong("others"), table + " shows another ledger's rows");
            // the same through the single-statement form the reads use
            Row single = LedgerScope.query(tenantPool, a.id, counts, Tuple.of(a.id)).await().atMost(WAIT)
                    .iterator().next();
            assertEquals(all.getLong("mine"), single.getLong("mine"), table);
            assertEquals(0L, single.getLong("others"), table + " shows another ledger's rows");
            // no ledger set: no rows at all
            assertEquals(0L, one(tenantPool, "SELECT count(*) FROM " + table).getLong(0), table);
        }
    }

    @Test
    void aWriteForAnotherLedgerIsRefusedOrTouchesNothing() {
        awaitFixtures();
        for (String table : tablesWithRowLevelSecurity()) {
            long before = one(batchPool, "SELECT count(*) FROM " + table + " WHERE ledger_id = $1", b.id).getLong(0);
            // a copy of one of A's rows, made B's: refused by the policy's WITH CHECK
            Throwable insert = assertThrows(Exception.class, () -> LedgerScope.withLedger(tenantPool, a.id,
                    conn -> conn.query("INSERT INTO " + table + " OVERRIDING SYSTEM VALUE SELECT ("
                            + "jsonb_populate_record(NULL::" + table + ", to_jsonb(t) "
                            + "|| jsonb_build_object('ledger_id', '" + b.id + "'))).* "
                            + "FROM " + table + " t LIMIT 1").execute()).await().atMost(WAIT), table);
            assertEquals("42501", sqlState(insert), table + ": " + insert);
            // one of A's rows moved to B: refused too
            Throwable move = assertThrows(Exception.class, () -> LedgerScope.withLedger(tenantPool, a.id,
                    conn -> conn.query("UPDATE " + table + " SET ledger_id = '" + b.id + "' WHERE ctid = "
                            + "(SELECT ctid FROM " + table + " LIMIT 1)").execute()).await().atMost(WAIT), table);
            assertEquals("42501", sqlState(move), table + ": " + move);
            // B's rows, named outright, are out of reach
            int updated = LedgerScope.withLedger(tenantPool, a.id, conn -> conn
                    .preparedQuery("UPDATE " + table + " SET ledger_id = ledger_id WHERE ledger_id = $1")
                    .execute(Tuple.of(b.id)).map(rows -> rows.rowCount())).await().atMost(WAIT);
            assertEquals(0, updated, table);
            int deleted = LedgerScope.withLedger(tenantPool, a.id, conn -> conn
                    .preparedQuery("DELETE FROM " + table + " WHERE ledger_id = $1")
                    .execute(Tuple.of(b.id)).map(rows -> rows.rowCount())).await().atMost(WAIT);
            assertEquals(0, deleted, table);
            assertEquals(before, one(batchPool, "SELECT count(*) FROM " + table + " WHERE ledger_id = $1", b.id)
                    .getLong(0), table + ": ledger B's rows are unchanged");
        }
    }

    @Test
    void theLedgerEndsWithItsTransaction() {
        awaitFixtures();
        LedgerScope.withLedger(tenantPool, a.id, conn -> conn.query("SELECT 1").execute()).await().atMost(WAIT);
        Uni<Void> failing = LedgerScope.withLedger(tenantPool, a.id, conn -> conn.query("SELECT 1").execute()
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("work failed"))));
        assertThrows(IllegalStateException.class, () -> failing.await().atMost(WAIT));
        LedgerScope.query(tenantPool, a.id, "SELECT 1", Tuple.tuple()).await().atMost(WAIT);
        Throwable refused = assertThrows(Exception.class,
                () -> LedgerScope.query(tenantPool, a.id, "SELECT 1 / 0", Tuple.tuple()).await().atMost(WAIT));
        assertEquals("22012", sqlState(refused));
        // more statements than the pool has connections: none of them inherits a ledger (a transaction left open
        // would still hold it)
        for (int i = 0; i < 50; i++) {
            Row row = one(tenantPool, "SELECT (SELECT count(*) FROM accounts) AS accounts, "
                    + "coalesce(current_setting('" + LedgerScope.SETTING + "', true), '') AS ledger");
            assertEquals(0L, row.getLong("accounts"));
            assertEquals("", row.getString("ledger"));
        }
    }

    @Test
    void aMetadataFilterKeepsItsIndexUnderThePolicy() {
        // the database's setup marks jsonb containment leakproof, so PostgreSQL may evaluate it in an index scan
        // below a ledger's policy; otherwise a metadata filter walks the whole ledger. A table of this
        // transaction with the same policy and only a GIN index shows which: its index, or a scan of every row.
        assertTrue(one(tenantPool, MetadataFilterPlan.LEAKPROOF).getBoolean(0));
        String plan = LedgerScope.withLedger(tenantPool, a.id, conn -> conn.query(
                "CREATE TEMPORARY TABLE policy_probe (ledger_id uuid NOT NULL, metadata jsonb NOT NULL) ON COMMIT DROP")
                .execute()
                .chain(() -> conn.query("CREATE INDEX ON policy_probe USING gin (metadata jsonb_path_ops)").execute())
                .chain(() -> conn.query("ALTER TABLE policy_probe ENABLE ROW LEVEL SECURITY").execute())
                .chain(() -> conn.query("ALTER TABLE policy_probe FORCE ROW LEVEL SECURITY").execute())
                .chain(() -> conn.query("CREATE POLICY ledger_isolation ON policy_probe "
                        + "USING (ledger_id = (SELECT current_ledger()))").execute())
                .chain(() -> conn.query("SET LOCAL enable_seqscan = off").execute())
                .chain(() -> conn.preparedQuery("EXPLAIN SELECT 1 FROM policy_probe WHERE ledger_id = $1 "
                        + "AND metadata @> ANY($2::text[]::jsonb[])")
                        .execute(Tuple.of(a.id, new String[] { "{\"order\": \"O-1\"}" })))
                .map(rows -> {
                    StringBuilder lines = new StringBuilder();
                    rows.forEach(row -> lines.append(row.getString(0)).append('\n'));
                    return lines.toString();
                })).await().atMost(WAIT);
        assertTrue(plan.contains("Bitmap Index Scan on policy_probe_metadata_idx"), plan);
    }

    @Test
    void everyTableHasForcedRowLevelSecurityButTheListedExemptions() {
        Map<String, String> unbound = RowLevelSecurityCatalog.tablesNotBound(tenantPool);
        assertEquals(EXEMPT.keySet(), unbound.keySet(), "tables not bound: " + unbound);
    }

    @Test
    void customPlansLastForTheirTransactionOnly() {
        // reads with an account and a time range are planned for their values (CustomPlans); the others keep
        // PostgreSQL's plan cache, also on a connection that served such a read before
        String mode = LedgerScope.withLedger(tenantPool, a.id, conn -> Uni.combine().all()
                .unis(CustomPlans.forThisTransaction(conn), conn.query("SHOW plan_cache_mode").execute())
                .with((planned, rows) -> rows.iterator().next().getString(0))).await().atMost(WAIT);
        assertEquals("force_custom_plan", mode);
        for (int i = 0; i < 50; i++) {
            assertEquals("auto", one(tenantPool, "SHOW plan_cache_mode").getString(0));
        }
    }

    @Test
    void onlyTheBatchRoleBypassesRowLevelSecurity() {
        Role requests = RowLevelSecurityCatalog.role(tenantPool);
        assertFalse(requests.bypassesRowLevelSecurity(), requests.name());
        assertFalse(requests.superuser(), requests.name());
        assertTrue(RowLevelSecurityCatalog.role(batchPool).bypassesRowLevelSecurity());
    }

    @Test
    void onlyTheCrossLedgerWorkUsesTheBatchDatasource() {
        assertEquals(new TreeSet<>(BATCH_WORK), RowLevelSecurityCatalog.batchDatasourceUsers());
    }

    private void awaitFixtures() {
        await().atMost(WAIT).until(() -> fixturesIn(a) && fixturesIn(b));
        insertRebuild(a);
        insertRebuild(b);
    }

    /** Applied up to the poison (sequence 4), the poison recorded, the event after it parked. */
    private boolean fixturesIn(TestLedger ledger) {
        Row row = one(batchPool, "SELECT (SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1) AS applied, "
                + "(SELECT count(*) FROM failed_events WHERE ledger_id = $1) AS failed, "
                + "(SELECT count(*) FROM parked_events WHERE ledger_id = $1) AS parked", ledger.id);
        Long applied = row.getLong("applied");
        return applied != null && applied == 4 && row.getLong("failed") > 0 && row.getLong("parked") > 0;
    }

    private void insertRebuild(TestLedger ledger) {
        UUID id = UUID.randomUUID();
        batchPool.preparedQuery("INSERT INTO rebuilds (id, ledger_id, status, shadow_schema, started_at, heartbeat_at, "
                + "finished_at, target_sequence) SELECT $1, $2, 'completed', $3, now(), now(), now(), 4 "
                + "WHERE NOT EXISTS (SELECT 1 FROM rebuilds WHERE ledger_id = $2)")
                .execute(Tuple.of(id, ledger.id, "projector_rebuild_" + id.toString().replace("-", "")))
                .await().atMost(WAIT);
    }

    private List<String> tablesWithRowLevelSecurity() {
        List<String> tables = new ArrayList<>();
        tenantPool.query("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'projector' AND c.relkind = 'r' AND c.relrowsecurity ORDER BY c.relname")
                .execute().await().atMost(WAIT).forEach(row -> tables.add(row.getString(0)));
        return tables;
    }

    private static Row one(Pool pool, String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(WAIT).iterator().next();
    }

    private static String sqlState(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof PgException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(PgException.class, cause, String.valueOf(failure));
        return ((PgException) cause).getSqlState();
    }
}
