package io.laas.ledger;

import static io.laas.ledger.LedgerApi.post;
import static io.laas.ledger.LedgerApi.transfer;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.local.testing.RowLevelSecurityCatalog;
import io.laas.local.testing.RowLevelSecurityCatalog.Role;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Row-level security in the command service's schema: with the default datasource, what a request runs on a
 * tenant's behalf, a query that forgets its ledger filter sees only the ledger of its scope (and nothing without
 * one), and a row of another ledger can be neither written nor changed. Cross-ledger work has its own role, and
 * only the classes that do such work may use it.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class RowLevelSecurityTest {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** The schema's tables without row-level security, each with the reason. */
    private static final Map<String, String> NOT_TENANT_DATA = Map.of(
            "flyway_schema_history", "Flyway's bookkeeping of the migrations applied",
            "epochs", "the event log's epochs (a number and a time), read once at start, no ledger's data");

    /** The only main classes allowed the batch datasource (BYPASSRLS): work that spans ledgers by design. */
    private static final Set<String> CROSS_LEDGER_WORK = Set.of(
            "io/laas/ledger/registry/messaging/LedgerRegistryConsumer.java",
            "io/laas/ledger/transaction/service/HoldExpiry.java",
            "io/laas/ledger/schedule/service/ScheduleRunner.java");

    /** Each tenant table with the column that names a row's ledger. */
    private static final Map<String, String> TENANT_TABLES = new LinkedHashMap<>();

    static {
        TENANT_TABLES.put("ledgers", "id");
        TENANT_TABLES.put("accounts", "ledger_id");
        TENANT_TABLES.put("events", "ledger_id");
        TENANT_TABLES.put("idempotency_keys", "ledger_id");
        TENANT_TABLES.put("ledger_assets", "ledger_id");
        TENANT_TABLES.put("transactions", "ledger_id");
        TENANT_TABLES.put("schedules", "ledger_id");
        TENANT_TABLES.put("schedule_runs", "ledger_id");
        TENANT_TABLES.put("outbox", "aggregateid::uuid");
    }

    /** What requests use: bound by row-level security. */
    @Inject
    Pool pool;

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool batch;

    private UUID a;
    private UUID b;
    private final Map<UUID, UUID> schedules = new HashMap<>();

    @BeforeEach
    void twoLedgersWithRowsInEveryTable() {
        a = populated();
        b = populated();
    }

    /** A ledger with rows in every tenant table (outbox rows are written in {@link #outboxRows}). */
    private UUID populated() {
        UUID ledger = ChainFixtures.populatedLedger(batch);
        Map<String, Object> transaction = transfer("ignored", "cash", "revenue", "1.00");
        transaction.remove("idempotency_key");
        String schedule = post(ledger, "/schedules", Map.of("idempotency_key", "rls", "transaction", transaction,
                "start_at", "2099-01-01T00:00:00Z")).statusCode(201).extract().path("id");
        UUID scheduleId = UUID.fromString(schedule);
        schedules.put(ledger, scheduleId);
        // never due (2099), so the runner leaves it alone; a run recorded as the runner would
        rows(batch, "INSERT INTO schedule_runs (ledger_id, schedule_id, run, due_at, recorded_at)"
                + " VALUES ($1, $2, 1, now(), now())", ledger, scheduleId);
        return ledger;
    }

    @Test
    void aQueryWithoutALedgerFilterSeesOnlyTheLedgerOfItsScope() {
        for (Map.Entry<String, String> table : TENANT_TABLES.entrySet()) {
            if (table.getKey().equals("outbox")) {
                continue; // its rows leave at once: outboxRows
            }
            String sql = "SELECT DISTINCT " + table.getValue() + " FROM " + table.getKey();
            Set<UUID> everything = ledgersIn(rows(batch, sql));
            assertTrue(everything.containsAll(List.of(a, b)), table.getKey() + " has rows of both ledgers");
            assertEquals(Set.of(a), inScope(a, conn -> conn.query(sql).execute().map(RowSetLedgers::of)),
                    table.getKey() + " under ledger A's scope");
            assertEquals(Set.of(b), inScope(b, conn -> conn.query(sql).execute().map(RowSetLedgers::of)),
                    table.getKey() + " under ledger B's scope");
        }
    }

    @Test
    void withoutAScopeNothingIsSeen() {
        for (Map.Entry<String, String> table : TENANT_TABLES.entrySet()) {
            assertEquals(0L, count(pool, "SELECT count(*) FROM " + table.getKey()), table.getKey());
            assertEquals(0L, pool.withTransaction(conn -> conn.query("SELECT count(*) FROM " + table.getKey())
                    .execute().map(rows -> rows.iterator().next().getLong(0))).await().atMost(Duration.ofSeconds(10)),
                    table.getKey() + " in a transaction");
        }
        assertTrue(count(batch, "SELECT count(*) FROM accounts") > 0, "the rows are there");
    }

    @Test
    void theOutboxShowsAndTakesOnlyTheRowsOfTheScopesLedger() {
        // rolled back, so the relay never sees them
        Set<UUID> seen = inScopeRolledBack(b, conn -> insertOutbox(conn, b)
                .chain(() -> LedgerScope.enter(conn, a))
                .chain(() -> insertOutbox(conn, a))
                .chain(() -> conn.query("SELECT DISTINCT aggregateid::uuid FROM outbox").execute())
                .map(RowSetLedgers::of));
        assertEquals(Set.of(a), seen, "B's row, written in the same transaction, is not visible under A's scope");

        PgException refused = refused(a, conn -> insertOutbox(conn, b));
        assertEquals(INSUFFICIENT_PRIVILEGE, refused.getSqlState());
    }

    @Test
    void rowsOfAnotherLedgerCanBeNeitherWrittenNorChanged() {
        UUID scheduleB = schedules.get(b);
        Map<String, Function<SqlConnection, Uni<?>>> inserts = new LinkedHashMap<>();
        inserts.put("ledgers", conn -> conn.preparedQuery("INSERT INTO ledgers (id, org_id, project_id, code, name,"
                + " currency) VALUES ($1, $2, $2, 'x', 'x', 'USD')").execute(Tuple.of(UUID.randomUUID(), b)));
        inserts.put("accounts", conn -> conn.preparedQuery("INSERT INTO accounts (id, ledger_id, code, name, type,"
                + " currency) VALUES ($1, $2, 'intruder', 'x', 'asset', 'USD')").execute(Tuple.of(UUID.randomUUID(), b)));
        inserts.put("events", conn -> conn.preparedQuery("INSERT INTO events (id, ledger_id, sequence, type, payload,"
                + " recorded_at) VALUES ($1, $2, 1000, 'x', '{}', now())").execute(Tuple.of(UUID.randomUUID(), b)));
        inserts.put("idempotency_keys", conn -> conn.preparedQuery("INSERT INTO idempotency_keys (ledger_id, key,"
                + " request_hash, transaction_id, ledger_sequence) VALUES ($1, 'intruder', 'x', $2, 1)")
                .execute(Tuple.of(b, UUID.randomUUID())));
        inserts.put("ledger_assets", conn -> conn.preparedQuery("INSERT INTO ledger_assets (ledger_id, code, scale,"
                + " declared_at) VALUES ($1, 'INTRUDER', 2, now())").execute(Tuple.of(b)));
        inserts.put("transactions", conn -> conn.preparedQuery("INSERT INTO transactions (id, ledger_id, sequence,"
                + " status) VALUES ($1, $2, 1, 'posted')").execute(Tuple.of(UUID.randomUUID(), b)));
        inserts.put("schedules", conn -> conn.preparedQuery("INSERT INTO schedules (id, ledger_id, status, template,"
                + " start_at, created_at, idempotency_key, request_hash) VALUES ($1, $2, 'active', '{}', now(), now(),"
                + " 'intruder', 'x')").execute(Tuple.of(UUID.randomUUID(), b)));
        inserts.put("schedule_runs", conn -> conn.preparedQuery("INSERT INTO schedule_runs (ledger_id, schedule_id, run,"
                + " due_at, recorded_at) VALUES ($1, $2, 2, now(), now())").execute(Tuple.of(b, scheduleB)));
        inserts.put("outbox", conn -> insertOutbox(conn, b));
        assertEquals(TENANT_TABLES.keySet(), inserts.keySet());

        Map<String, Long> before = countsOf(b);
        for (Map.Entry<String, Function<SqlConnection, Uni<?>>> insert : inserts.entrySet()) {
            assertEquals(INSUFFICIENT_PRIVILEGE, refused(a, insert.getValue()).getSqlState(),
                    "an insert into " + insert.getKey() + " of ledger B under A's scope");
        }
        for (String table : TENANT_TABLES.keySet()) {
            String column = column(table);
            assertEquals(0, inScope(a, conn -> conn.preparedQuery("UPDATE " + table + " SET " + column + " = " + column
                    + " WHERE " + column + " = $1").execute(Tuple.of(key(table, b))).map(rows -> rows.rowCount())).intValue(),
                    "an update of " + table + " touches no row of ledger B");
            assertEquals(0, inScopeRolledBack(a, conn -> conn.preparedQuery("DELETE FROM " + table + " WHERE " + column
                    + " = $1").execute(Tuple.of(key(table, b))).map(rows -> rows.rowCount())).intValue(),
                    "a delete from " + table + " touches no row of ledger B");
        }
        // a row of A cannot be moved to B either
        assertEquals(INSUFFICIENT_PRIVILEGE, refused(a, conn -> conn.preparedQuery(
                "UPDATE accounts SET ledger_id = $1 WHERE ledger_id = $2").execute(Tuple.of(b, a))).getSqlState());
        assertEquals(before, countsOf(b), "nothing of ledger B changed");
    }

    @Test
    void everyTableOfTheSchemaIsUnderForcedRowLevelSecurity() {
        assertTrue(RowLevelSecurityCatalog.tables(batch).containsAll(TENANT_TABLES.keySet()));
        Map<String, String> unbound = RowLevelSecurityCatalog.tablesNotBound(batch);
        assertEquals(NOT_TENANT_DATA.keySet(), unbound.keySet(), "tables not bound: " + unbound);
    }

    @Test
    void onlyTheBatchRoleBypassesRowLevelSecurity() {
        Role requests = RowLevelSecurityCatalog.role(pool);
        Role crossLedger = RowLevelSecurityCatalog.role(batch);
        assertFalse(requests.bypassesRowLevelSecurity(), requests.name());
        assertFalse(requests.superuser(), requests.name());
        assertTrue(crossLedger.bypassesRowLevelSecurity(), crossLedger.name());
        assertEquals("laas_batch", crossLedger.name());
    }

    @Test
    void onlyCrossLedgerWorkUsesTheBatchDatasource() {
        assertEquals(new TreeSet<>(CROSS_LEDGER_WORK), RowLevelSecurityCatalog.batchDatasourceUsers());
    }

    // --- fixtures ----------------------------------------------------------------------------------

    private static Uni<?> insertOutbox(SqlConnection conn, UUID ledger) {
        return conn.preparedQuery("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)"
                + " VALUES ($1, 'ledger', $2, 'rls.test', '{}')").execute(Tuple.of(UUID.randomUUID(), ledger.toString()));
    }

    private <T> T inScope(UUID ledger, Function<SqlConnection, Uni<T>> work) {
        return LedgerScope.withLedger(pool, ledger, work).await().atMost(Duration.ofSeconds(10));
    }

    /** Runs the work in the ledger's scope and rolls it back, returning what it returned. */
    private <T> T inScopeRolledBack(UUID ledger, Function<SqlConnection, Uni<T>> work) {
        Object[] result = new Object[1];
        Throwable failure = assertThrows(Throwable.class, () -> inScope(ledger,
                conn -> work.apply(conn).invoke(value -> result[0] = value)
                        .chain(() -> Uni.createFrom().failure(new RolledBack()))));
        assertInstanceOf(RolledBack.class, failure);
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    private PgException refused(UUID ledger, Function<SqlConnection, Uni<?>> work) {
        Throwable failure = assertThrows(Throwable.class, () -> inScope(ledger, conn -> work.apply(conn).replaceWithVoid()));
        return assertInstanceOf(PgException.class, failure);
    }

    /** The rows of the ledger in each table but the outbox, which the relay empties meanwhile. */
    private Map<String, Long> countsOf(UUID ledger) {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : TENANT_TABLES.keySet()) {
            if (!table.equals("outbox")) {
                counts.put(table, count(batch, "SELECT count(*) FROM " + table + " WHERE " + column(table) + " = $1",
                        ledger));
            }
        }
        counts.put("ledger row", count(batch, "SELECT count(*) FROM ledgers WHERE id = $1 AND last_sequence = $2",
                ledger, LedgerFixtures.lastSequence(batch, ledger)));
        return counts;
    }

    private static String column(String table) {
        return TENANT_TABLES.get(table).replace("::uuid", "");
    }

    /** The value a table's ledger column holds for the ledger (the outbox keys its rows by the id's text). */
    private static Object key(String table, UUID ledger) {
        return table.equals("outbox") ? ledger.toString() : ledger;
    }

    private static Set<UUID> ledgersIn(RowSet<Row> rows) {
        return RowSetLedgers.of(rows);
    }

    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rolled back on purpose", null, false, false);
        }
    }

    private static final class RowSetLedgers {
        static Set<UUID> of(RowSet<Row> rows) {
            Set<UUID> ledgers = new TreeSet<>();
            rows.forEach(row -> ledgers.add(row.getUUID(0)));
            return ledgers;
        }
    }
}
