package io.laas.local.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.laas.local.LocalInfra;
import io.laas.local.PostgresServer;
import io.laas.local.check.ConsistencyCheck.LedgerReport;

/**
 * The checks on a real PostgreSQL, with the columns they read of the services' tables (the whole stack's schemas are
 * checked by OpsCommandIT).
 */
class ConsistencyCheckTest {

    private static final UUID CURRENT = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private static final UUID BEHIND = UUID.fromString("00000000-0000-0000-0000-0000000000c2");

    private static PostgresServer server;

    @BeforeAll
    static void startPostgres() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "check-test").toAbsolutePath();
        server = PostgresServer.start(LocalInfra.freePort(), work, true, "laas", "laas", "laas");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        server.close();
    }

    @BeforeEach
    void twoLedgers() throws Exception {
        execute("DROP SCHEMA IF EXISTS ledger, projector, webhook CASCADE",
                "CREATE SCHEMA ledger", "CREATE SCHEMA projector", "CREATE SCHEMA webhook",
                "CREATE TABLE ledger.ledgers (id uuid PRIMARY KEY, last_sequence bigint NOT NULL, "
                        + "created_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE ledger.accounts (id uuid PRIMARY KEY, ledger_id uuid NOT NULL, code text NOT NULL, "
                        + "currency text NOT NULL, debits numeric NOT NULL, credits numeric NOT NULL, "
                        + "pending_debits numeric NOT NULL DEFAULT 0, pending_credits numeric NOT NULL DEFAULT 0)",
                "CREATE TABLE projector.ledger_progress (ledger_id uuid PRIMARY KEY, last_sequence bigint NOT NULL)",
                "CREATE TABLE projector.accounts (id uuid PRIMARY KEY, ledger_id uuid NOT NULL, code text NOT NULL, "
                        + "debits numeric NOT NULL, credits numeric NOT NULL, "
                        + "pending_debits numeric NOT NULL DEFAULT 0, pending_credits numeric NOT NULL DEFAULT 0)",
                "CREATE TABLE projector.failed_events (ledger_id uuid, status text NOT NULL)",
                "CREATE TABLE projector.parked_events (ledger_id uuid NOT NULL)",
                "CREATE TABLE webhook.deliveries (ledger_id uuid NOT NULL, status text NOT NULL)",
                "INSERT INTO ledger.ledgers VALUES ('" + CURRENT + "', 3, now() - interval '1 hour'), ('" + BEHIND + "', 5, now())",
                "INSERT INTO ledger.accounts VALUES "
                        + "('00000000-0000-0000-0000-000000000a01', '" + CURRENT + "', 'cash', 'EUR', 125.50, 0, 10, 0), "
                        + "('00000000-0000-0000-0000-000000000a02', '" + CURRENT + "', 'sales', 'EUR', 0, 125.50, 0, 10), "
                        + "('00000000-0000-0000-0000-000000000b01', '" + BEHIND + "', 'cash', 'USD', 7, 0, 0, 0), "
                        + "('00000000-0000-0000-0000-000000000b02', '" + BEHIND + "', 'sales', 'USD', 0, 7, 0, 0)",
                "INSERT INTO projector.ledger_progress VALUES ('" + CURRENT + "', 3), ('" + BEHIND + "', 4)",
                "INSERT INTO projector.accounts VALUES "
                        + "('00000000-0000-0000-0000-000000000a01', '" + CURRENT + "', 'cash', 125.5, 0, 10, 0), "
                        + "('00000000-0000-0000-0000-000000000a02', '" + CURRENT + "', 'sales', 0, 125.50, 0, 10), "
                        + "('00000000-0000-0000-0000-000000000b01', '" + BEHIND + "', 'cash', 3, 0, 0, 0)",
                "INSERT INTO webhook.deliveries VALUES ('" + CURRENT + "', 'succeeded'), ('" + CURRENT + "', 'succeeded'), "
                        + "('" + CURRENT + "', 'pending')");
    }

    @Test
    void balancedLedgersWithAMatchingProjectionAreConsistentAndOneBehindIsNotCompared() throws Exception {
        List<LedgerReport> reports = check();

        assertEquals(List.of(CURRENT, BEHIND), reports.stream().map(LedgerReport::ledgerId).toList());
        LedgerReport current = reports.get(0);
        assertTrue(current.consistent(), current.toString());
        assertTrue(current.balancesCompared());
        assertEquals(List.of(), current.unbalanced());
        assertEquals(List.of(), current.projectionMismatches());
        assertEquals(Map.of("pending", 1L, "succeeded", 2L), current.deliveriesByStatus());
        LedgerReport behind = reports.get(1);
        assertEquals(5, behind.sequence());
        assertEquals(4, behind.projectedSequence());
        assertFalse(behind.balancesCompared(), "an account missing from a projection behind is no mismatch yet");
        assertTrue(behind.consistent(), behind.toString());
    }

    @Test
    void anUnbalancedWriteModelIsReportedPerCurrency() throws Exception {
        execute("UPDATE ledger.accounts SET credits = 120.50 WHERE code = 'sales' AND ledger_id = '" + CURRENT + "'",
                "UPDATE ledger.accounts SET pending_debits = 0 WHERE code = 'cash' AND ledger_id = '" + CURRENT + "'");

        LedgerReport current = check(CURRENT).get(0);

        assertFalse(current.consistent());
        assertEquals(List.of("EUR: debits 125.50, credits 120.50, held debits 0, held credits 10"), current.unbalanced());
    }

    @Test
    void aProjectionThatDiffersNamesTheAccountAndEachField() throws Exception {
        execute("UPDATE projector.accounts SET debits = 126.5, pending_debits = 0 WHERE code = 'cash' AND ledger_id = '"
                + CURRENT + "'", "UPDATE projector.ledger_progress SET last_sequence = 5 WHERE ledger_id = '" + BEHIND + "'");

        List<LedgerReport> reports = check();

        assertEquals(List.of("cash: debits 125.50 written, 126.5 projected; pending_debits 10 written, 0 projected"),
                reports.get(0).projectionMismatches());
        assertFalse(reports.get(0).consistent());
        assertEquals(List.of("cash: debits 7 written, 3 projected", "sales: missing from the projection"),
                reports.get(1).projectionMismatches());
    }

    @Test
    void failedEventsNeedAnOperatorWhileResolvedOnesDoNot() throws Exception {
        execute("INSERT INTO projector.failed_events VALUES ('" + CURRENT + "', 'resolved'), ('" + BEHIND + "', 'failed')",
                "INSERT INTO projector.parked_events VALUES ('" + BEHIND + "'), ('" + BEHIND + "')");

        List<LedgerReport> reports = check();

        assertTrue(reports.get(0).consistent());
        assertEquals(1, reports.get(1).failedEvents());
        assertEquals(2, reports.get(1).parkedEvents());
        assertFalse(reports.get(1).consistent());
    }

    @Test
    void onlyTheLedgersAskedForAreChecked() throws Exception {
        assertEquals(List.of(BEHIND), check(BEHIND).stream().map(LedgerReport::ledgerId).toList());
        assertEquals(List.of(), check(UUID.randomUUID()));
    }

    private static List<LedgerReport> check(UUID... ledgers) throws Exception {
        try (Connection connection = connect()) {
            return ConsistencyCheck.run(connection, List.of(ledgers));
        }
    }

    private static void execute(String... statements) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/laas",
                PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD);
    }
}
