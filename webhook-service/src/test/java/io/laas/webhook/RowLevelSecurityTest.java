package io.laas.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.inject.Inject;

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
 * Row-level security of the webhook schema: what the default datasource (every request made on a tenant's
 * behalf) can see and write with a ledger set, and without one; which tables are bound; which role bypasses it;
 * and which classes may use the batch datasource that bypasses it.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class RowLevelSecurityTest {

    /** Tables without row-level security, each for a reason given in V6__row_level_security.sql. */
    private static final Set<String> WITHOUT_RLS = Set.of(
            "flyway_schema_history",        // Flyway's bookkeeping
            "epochs", "epoch_cuts",          // the restores' epochs and cuts, read at start for all ledgers
            "organization_endpoint_counts"); // one count per organisation, for its quota across ledgers

    /** The only main classes that may inject the batch datasource: cross-ledger work, never a request. */
    private static final Set<String> BATCH_USERS = Set.of(
            "io/laas/webhook/delivery/service/MessageIntakeService.java",
            "io/laas/webhook/delivery/service/DispatchCycleService.java",
            "io/laas/webhook/delivery/service/DeliveryDispatcher.java",
            // re-encrypts every ledger's endpoint secrets at start, and counts them for its gauge
            "io/laas/webhook/endpoint/service/EndpointSecretEncryption.java",
            // deletes every ledger's expired endpoint statistics
            "io/laas/webhook/stats/service/StatsCleanup.java");

    /** The tenant tables, each with the query that names its rows. */
    private static final Map<String, String> ROWS = new TreeMap<>(Map.of(
            "endpoints", "SELECT id FROM endpoints",
            "messages", "SELECT id FROM messages",
            "deliveries", "SELECT id FROM deliveries",
            "attempts", "SELECT id FROM attempts",
            "endpoint_queues", "SELECT endpoint_id FROM endpoint_queues",
            "endpoint_stats", "SELECT endpoint_id FROM endpoint_stats",
            "outbox", "SELECT id FROM outbox"));

    @Inject
    Pool pool;

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool batch;

    /** One row in every tenant table, all of one ledger (written through the batch datasource). */
    private record Fixture(UUID ledger, UUID endpoint, UUID message, UUID delivery, UUID attempt, UUID outbox) {

        Set<UUID> rowsOf(String table) {
            return switch (table) {
                case "endpoints", "endpoint_queues", "endpoint_stats" -> Set.of(endpoint);
                case "messages" -> Set.of(message);
                case "deliveries" -> Set.of(delivery);
                case "attempts" -> Set.of(attempt);
                case "outbox" -> Set.of(outbox);
                default -> throw new IllegalArgumentException(table);
            };
        }
    }

    private Fixture fixture() {
        Fixture f = new Fixture(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID());
        // Disabled, delivered, nothing due: the intake and the dispatcher leave these rows alone.
        batch.withTransaction(conn -> conn.preparedQuery("INSERT INTO endpoints (id, ledger_id, url, secret, enabled)"
                        + " VALUES ($1, $2, 'https://example.com/hook', 'whsec_AAAA', false)")
                .execute(Tuple.of(f.endpoint(), f.ledger()))
                .chain(() -> conn.preparedQuery("INSERT INTO messages (id, ledger_id, event_type, payload)"
                        + " VALUES ($1, $2, 'transaction.posted', '{}')").execute(Tuple.of(f.message(), f.ledger())))
                .chain(() -> conn.preparedQuery("INSERT INTO deliveries (id, message_id, endpoint_id, status, ledger_id,"
                        + " position) VALUES ($1, $2, $3, 'succeeded', $4, 1)")
                        .execute(Tuple.of(f.delivery(), f.message(), f.endpoint(), f.ledger())))
                .chain(() -> conn.preparedQuery("INSERT INTO attempts (id, delivery_id, endpoint_id, attempt_number,"
                        + " attempted_at, response_status, duration_ms, ledger_id) VALUES ($1, $2, $3, 1, now(), 200, 5, $4)")
                        .execute(Tuple.of(f.attempt(), f.delivery(), f.endpoint(), f.ledger())))
                .chain(() -> conn.preparedQuery("INSERT INTO endpoint_queues (endpoint_id, next_due_at) VALUES ($1, NULL)")
                        .execute(Tuple.of(f.endpoint())))
                .chain(() -> conn.preparedQuery("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload,"
                        + " ledger_id) VALUES ($1, 'audit', $2, 'audit.recorded', '{}', $3)")
                        .execute(Tuple.of(f.outbox(), f.ledger().toString(), f.ledger()))))
                .await().indefinitely();
        return f;
    }

    @Test
    void aQueryThatForgetsItsLedgerFilterSeesOnlyTheLedgerSet() {
        Fixture a = fixture();
        Fixture b = fixture();
        for (var table : ROWS.entrySet()) {
            Set<UUID> seen = idsOf(inLedger(a.ledger(), conn -> conn.query(table.getValue()).execute()));
            assertEquals(a.rowsOf(table.getKey()), seen, table.getKey());
            // the batch role sees both ledgers: the rows are there
            assertTrue(ids(batch, table.getValue()).containsAll(b.rowsOf(table.getKey())), table.getKey());
        }
    }

    @Test
    void withoutALedgerSetNoRowIsVisible() {
        fixture();
        for (var table : ROWS.entrySet()) {
            assertEquals(Set.of(), ids(pool, table.getValue()), table.getKey());
            assertEquals(Set.of(), pool.withTransaction(conn -> conn.query(table.getValue()).execute())
                    .map(RowLevelSecurityTest::idsOf).await().indefinitely(), table.getKey());
        }
        assertThrowsInsufficientPrivilege(() -> pool.preparedQuery("INSERT INTO messages (id, ledger_id, event_type,"
                + " payload) VALUES ($1, $2, 'transaction.posted', '{}')")
                .execute(Tuple.of(UUID.randomUUID(), UUID.randomUUID())));
    }

    @Test
    void writesForAnotherLedgerAreRefusedOrTouchNothing() {
        Fixture a = fixture();
        Fixture b = fixture();
        UUID intruder = UUID.randomUUID();

        // inserting another ledger's rows is refused
        assertThrowsInsufficientPrivilege(() -> inLedgerUni(a.ledger(), conn -> conn.preparedQuery(
                "INSERT INTO endpoints (id, ledger_id, url, secret) VALUES ($1, $2, 'https://example.com/x', 'whsec_A')")
                .execute(Tuple.of(intruder, b.ledger()))));
        assertThrowsInsufficientPrivilege(() -> inLedgerUni(a.ledger(), conn -> conn.preparedQuery(
                "INSERT INTO messages (id, ledger_id, event_type, payload) VALUES ($1, $2, 'transaction.posted', '{}')")
                .execute(Tuple.of(intruder, b.ledger()))));
        assertThrowsInsufficientPrivilege(() -> inLedgerUni(a.ledger(), conn -> conn.preparedQuery(
                "INSERT INTO deliveries (id, message_id, endpoint_id, status, ledger_id, position)"
                        + " VALUES ($1, $2, $3, 'succeeded', $4, 1)")
                .execute(Tuple.of(intruder, b.message(), b.endpoint(), b.ledger()))));
        assertThrowsInsufficientPrivilege(() -> inLedgerUni(a.ledger(), conn -> conn.preparedQuery(
                "INSERT INTO attempts (id, delivery_id, endpoint_id, attempt_number, attempted_at, duration_ms, ledger_id)"
                        + " VALUES ($1, $2, $3, 9, now(), 1, $4)")
                .execute(Tuple.of(intruder, b.delivery(), b.endpoint(), b.ledger()))));
        // nor can a row of one's own ledger point at another ledger's endpoint (the reference includes the ledger)
        PgException foreign = assertThrows(PgException.class, () -> inLedger(a.ledger(), conn -> conn.preparedQuery(
                "INSERT INTO deliveries (id, message_id, endpoint_id, status, ledger_id, position)"
                        + " VALUES ($1, $2, $3, 'succeeded', $4, 1)")
                .execute(Tuple.of(intruder, a.message(), b.endpoint(), a.ledger()))));
        assertEquals("23503", foreign.getSqlState(), foreign.getMessage());
        assertThrowsInsufficientPrivilege(() -> inLedgerUni(a.ledger(), conn -> conn.preparedQuery(
                "INSERT INTO endpoint_queues (endpoint_id, next_due_at) VALUES ($1, now())")
                .execute(Tuple.of(b.endpoint()))));
        assertThrowsInsufficientPrivilege(() -> inLedgerUni(a.ledger(), conn -> conn.preparedQuery(
                "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, ledger_id)"
                        + " VALUES ($1, 'audit', 'x', 'audit.recorded', '{}', $2)")
                .execute(Tuple.of(intruder, b.ledger()))));
        // moving one's own row to another ledger is refused
        assertThrowsInsufficientPrivilege(() -> inLedgerUni(a.ledger(), conn -> conn.preparedQuery(
                "UPDATE endpoints SET ledger_id = $1 WHERE id = $2").execute(Tuple.of(b.ledger(), a.endpoint()))));

        // updating or deleting another ledger's rows touches nothing
        for (String statement : List.of(
                "UPDATE endpoints SET description = 'taken' WHERE id = $1",
                "UPDATE deliveries SET status = 'failed' WHERE endpoint_id = $1",
                "UPDATE endpoint_queues SET next_due_at = now() WHERE endpoint_id = $1",
                "DELETE FROM attempts WHERE endpoint_id = $1")) {
            int changed = inLedger(a.ledger(), conn -> conn.preparedQuery(statement).execute(Tuple.of(b.endpoint())))
                    .rowCount();
            assertEquals(0, changed, statement);
        }
        assertEquals(0, inLedger(a.ledger(), conn -> conn.preparedQuery("DELETE FROM messages WHERE id = $1")
                .execute(Tuple.of(b.message()))).rowCount());
        assertEquals(0, inLedger(a.ledger(), conn -> conn.preparedQuery("DELETE FROM outbox WHERE id = $1")
                .execute(Tuple.of(b.outbox()))).rowCount());

        // nothing of the intruder was written, and b's rows are as they were
        for (var table : ROWS.entrySet()) {
            assertFalse(ids(batch, table.getValue()).contains(intruder), table.getKey());
        }
        Row endpoint = batch.preparedQuery("SELECT ledger_id, description FROM endpoints WHERE id = $1")
                .execute(Tuple.of(b.endpoint())).await().indefinitely().iterator().next();
        assertEquals(b.ledger(), endpoint.getUUID("ledger_id"));
        assertNull(endpoint.getString("description"));
        assertEquals("succeeded", batch.preparedQuery("SELECT status FROM deliveries WHERE id = $1")
                .execute(Tuple.of(b.delivery())).await().indefinitely().iterator().next().getString(0));
        assertEquals(1, batch.preparedQuery("SELECT count(*) FROM attempts WHERE id = $1")
                .execute(Tuple.of(b.attempt())).await().indefinitely().iterator().next().getLong(0));
        assertEquals(a.ledger(), batch.preparedQuery("SELECT ledger_id FROM endpoints WHERE id = $1")
                .execute(Tuple.of(a.endpoint())).await().indefinitely().iterator().next().getUUID(0));
    }

    @Test
    void anOutboxRowWrittenForALedgerTakesThatLedger() {
        UUID ledger = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        // the shared outbox writer names no ledger: the column's default is the transaction's
        inLedger(ledger, conn -> conn.preparedQuery("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)"
                + " VALUES ($1, 'audit', 'x', 'audit.recorded', '{}')").execute(Tuple.of(id)));
        assertEquals(ledger, batch.preparedQuery("SELECT ledger_id FROM outbox WHERE id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getUUID(0));
    }

    @Test
    void everyTableOfTheSchemaHasForcedRowLevelSecurityAndAPolicy() {
        Set<String> tables = RowLevelSecurityCatalog.tables(batch);
        assertTrue(tables.containsAll(ROWS.keySet()), "tables: " + tables);
        Map<String, String> unbound = RowLevelSecurityCatalog.tablesNotBound(batch);
        assertEquals(new TreeSet<>(WITHOUT_RLS), unbound.keySet(), "tables not bound: " + unbound);
    }

    @Test
    void onlyTheBatchRoleBypassesRowLevelSecurity() {
        Role tenant = RowLevelSecurityCatalog.role(pool);
        Role crossLedger = RowLevelSecurityCatalog.role(batch);
        assertFalse(tenant.bypassesRowLevelSecurity(), tenant.name());
        assertFalse(tenant.superuser(), tenant.name());
        assertTrue(crossLedger.bypassesRowLevelSecurity(), crossLedger.name());
        assertNotEquals(tenant.name(), crossLedger.name());
    }

    @Test
    void onlyCrossLedgerWorkUsesTheBatchDatasource() {
        assertEquals(new TreeSet<>(BATCH_USERS), RowLevelSecurityCatalog.batchDatasourceUsers());
    }

    private <T> T inLedger(UUID ledger, Function<SqlConnection, Uni<T>> work) {
        return inLedgerUni(ledger, work).await().indefinitely();
    }

    private <T> Uni<T> inLedgerUni(UUID ledger, Function<SqlConnection, Uni<T>> work) {
        return LedgerScope.withLedger(pool, ledger, work);
    }

    private static Set<UUID> ids(Pool client, String query) {
        return client.query(query).execute().map(RowLevelSecurityTest::idsOf).await().indefinitely();
    }

    private static void assertThrowsInsufficientPrivilege(Supplier<Uni<?>> write) {
        PgException refused = assertThrows(PgException.class, () -> write.get().await().indefinitely());
        assertEquals("42501", refused.getSqlState(), refused.getMessage());
    }

    private static Set<UUID> idsOf(RowSet<Row> rows) {
        Set<UUID> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.getUUID(0)));
        return ids;
    }
}
