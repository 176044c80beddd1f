package io.laas.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.laas.local.LocalInfra;
import io.laas.local.LocalStack;
import io.laas.local.ServiceProcess;

/**
 * The database roles of the Kubernetes deployment ({@code deploy/k8s/base/postgres}), on the stack's PostgreSQL: the
 * roles exactly as the Cluster's {@code managed.roles} declares them, the setup SQL run as the superuser, as the
 * operator runs it, then two replicas of each of the four services started at the same moment, each with its
 * service's own roles, on that empty database, as a rolling deployment starts them. Their migrations pass and they
 * become ready; each migration is recorded once and the schemas come out as one replica alone makes them; then SQL
 * proves least privilege: no service role reaches another's schema or creates in {@code public}, the batch roles
 * bypass row-level security in their own schema only, Debezium reads the three outbox tables and nothing else.
 * <p>
 * What makes concurrent migrations safe: before it reads {@code flyway_schema_history} and applies what is pending,
 * Flyway takes a PostgreSQL advisory lock keyed by the history table (a session-level {@code pg_advisory_lock}, held
 * on Flyway's own JDBC connection, never on the services' pools). The second replica waits on that lock, then finds
 * the migrations recorded and applies nothing, or only what is still pending. The lock needs a direct connection to
 * the primary, which is why Flyway never goes through a transaction-mode pooler.
 */
class DatabaseRolesIT {

    private static final Path POSTGRES = RepositoryRoot.path().resolve("deploy/k8s/base/postgres");
    private static final String DATABASE = "laas_roles";
    /** The roles as managed.roles declares them; passwords are the test's own (the Secrets' in Kubernetes). */
    private static final Map<String, ManagedRole> ROLES = new LinkedHashMap<>();
    private static final List<ServiceProcess> SERVICES = new ArrayList<>();
    private static LocalStack stack;

    record ManagedRole(String name, boolean login, boolean bypassrls, boolean replication, List<String> inRoles) {

        String password() {
            return name + "-password";
        }
    }

    @BeforeAll
    static void createRolesAndStartServices() throws Exception {
        stack = RunningStack.get();
        Instant begin = Instant.now();
        JsonNode cluster = new ObjectMapper(new YAMLFactory()).readTree(POSTGRES.resolve("cluster.yaml").toFile());
        for (JsonNode role : cluster.at("/spec/managed/roles")) {
            List<String> inRoles = new ArrayList<>();
            role.path("inRoles").forEach(member -> inRoles.add(member.asText()));
            ROLES.put(role.get("name").asText(), new ManagedRole(role.get("name").asText(), role.path("login").asBoolean(),
                    role.path("bypassrls").asBoolean(), role.path("replication").asBoolean(), inRoles));
        }
        String owner = cluster.at("/spec/bootstrap/initdb/owner").asText();
        assertEquals("laas_owner", owner);

        SchemaService.dropDatabase(stack, DATABASE);
        try (Connection postgres = SchemaService.superuser(stack, "postgres"); Statement sql = postgres.createStatement()) {
            // what initdb does for the owner, then what the operator does for each managed role
            createOrAlterRole(sql, new ManagedRole(owner, true, false, false, List.of()));
            for (ManagedRole role : ROLES.values()) {
                createOrAlterRole(sql, role);
            }
            for (ManagedRole role : ROLES.values()) {
                for (String member : role.inRoles()) {
                    sql.execute("GRANT \"" + member + "\" TO \"" + role.name() + "\"");
                }
            }
            sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + owner);
        }
        try (Connection laas = SchemaService.superuser(stack, DATABASE); Statement sql = laas.createStatement()) {
            sql.execute(Files.readString(POSTGRES.resolve("roles-and-schemas.sql")));
        }

        List<CompletableFuture<ServiceProcess>> starts = new ArrayList<>();
        // a thread per replica: the common pool of a two-core machine would start them one after the other
        ExecutorService launcher = Executors.newFixedThreadPool(2 * SchemaService.values().length);
        for (SchemaService service : SchemaService.values()) {
            String role = "laas_" + service.schema;
            Map<String, String> credentials = Map.of(
                    "LAAS_DB_USERNAME", role, "LAAS_DB_PASSWORD", ROLES.get(role).password(),
                    "LAAS_DB_BATCH_USERNAME", role + "_batch", "LAAS_DB_BATCH_PASSWORD", ROLES.get(role + "_batch").password());
            for (int replica = 1; replica <= 2; replica++) {
                String name = service.service + "-roles-" + replica;
                // both replicas of a service share a consumer group, as in a Deployment
                starts.add(CompletableFuture.supplyAsync(() -> service.start(stack, name, service.service + "-roles",
                        DATABASE, credentials), launcher));
            }
        }
        try {
            for (CompletableFuture<ServiceProcess> start : starts) {
                SERVICES.add(start.join());
            }
        } finally {
            starts.forEach(start -> start.thenAccept(process -> {
                if (!SERVICES.contains(process)) {
                    process.close();
                }
            }));
            launcher.shutdown();
        }
        System.out.printf("Two replicas of each of the four services migrated one empty database at once and became "
                + "ready under their own roles in %d s%n", Duration.between(begin, Instant.now()).toSeconds());
    }

    private static void createOrAlterRole(Statement sql, ManagedRole role) throws SQLException {
        String attributes = (role.login() ? " LOGIN" : " NOLOGIN") + (role.bypassrls() ? " BYPASSRLS" : " NOBYPASSRLS")
                + (role.replication() ? " REPLICATION" : " NOREPLICATION") + " PASSWORD '" + role.password() + "'";
        boolean exists = sql.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role.name() + "'").next();
        sql.execute((exists ? "ALTER ROLE \"" : "CREATE ROLE \"") + role.name() + "\"" + attributes);
    }

    @AfterAll
    static void stopServices() throws SQLException {
        SERVICES.forEach(ServiceProcess::close);
        if (stack != null) {
            SchemaService.dropDatabase(stack, DATABASE);
        }
    }

    @Test
    void twoReplicasStartingAtOnceMigratedAsOneReplicaWould() throws SQLException {
        SERVICES.forEach(replica -> assertTrue(replica.isAlive(), replica.name()));
        try (Connection concurrent = SchemaService.superuser(stack, DATABASE);
                Connection single = SchemaService.superuser(stack, LocalInfra.DATABASE)) {
            for (SchemaService service : SchemaService.values()) {
                String history = "SELECT version || ' ' || count(*) || ' ' || bool_and(success) FROM " + service.schema
                        + ".flyway_schema_history WHERE version IS NOT NULL GROUP BY version ORDER BY version";
                List<String> applied = SchemaService.column(concurrent, history);
                assertFalse(applied.isEmpty(), service.schema);
                applied.forEach(line -> assertTrue(line.endsWith(" 1 true"), service.schema + ": " + line));
                assertEquals(SchemaService.column(single, history), applied,
                        service.schema + ": the same migrations as one replica applied");
            }
            // the stack's own database: one process of each service migrated it
            List<String> expected = SchemaService.catalogue(single, SchemaService.schemas());
            List<String> actual = SchemaService.catalogue(concurrent, SchemaService.schemas());
            assertTrue(expected.size() > 300, "the catalogue describes the schemas: " + expected.size());
            assertEquals(expected, actual);
        }
    }

    @Test
    void eachServiceMigratedItsOwnSchemaAsItsOwnRole() throws SQLException {
        try (Connection laas = SchemaService.superuser(stack, DATABASE)) {
            for (SchemaService service : SchemaService.values()) {
                List<String> owners = SchemaService.column(laas, "SELECT DISTINCT c.relowner::regrole::text FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + service.schema + "'");
                assertEquals(List.of("laas_" + service.schema), owners, service.schema + "'s objects belong to its role");
                assertEquals(List.of("0"), SchemaService.column(laas, "SELECT count(*) FROM " + service.schema
                        + ".flyway_schema_history WHERE NOT success"), service.schema + ": every migration succeeded");
                assertTrue(Integer.parseInt(SchemaService.column(laas, "SELECT count(*) FROM " + service.schema
                        + ".flyway_schema_history WHERE success").get(0)) >= 6, service.schema + " migrated");
            }
            assertEquals(List.of(), SchemaService.column(laas,
                    "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"), "public stays empty");
        }
    }

    @Test
    void noServiceRoleReachesAnotherServicesSchemaNorCreatesOutsideItsOwn() throws SQLException {
        Map<String, List<String>> tables = tablesBySchema();
        for (SchemaService service : SchemaService.values()) {
            for (String role : List.of("laas_" + service.schema, "laas_" + service.schema + "_batch")) {
                try (Connection connection = SchemaService.connect(stack, DATABASE, role, ROLES.get(role).password());
                        Statement sql = connection.createStatement()) {
                    connection.setAutoCommit(true);
                    // its own schema: read and write
                    sql.executeQuery("SELECT count(*) FROM " + service.schema + ".flyway_schema_history").close();
                    for (SchemaService other : SchemaService.values()) {
                        if (other == service) {
                            continue;
                        }
                        for (String table : tables.get(other.schema)) {
                            assertRefused(sql, role, "SELECT * FROM " + table + " LIMIT 1");
                        }
                        String table = tables.get(other.schema).get(0);
                        assertRefused(sql, role, "DELETE FROM " + table);
                        assertRefused(sql, role, "CREATE TABLE " + other.schema + ".intruder (id int)");
                    }
                    assertRefused(sql, role, "CREATE TABLE public.intruder (id int)");
                    assertRefused(sql, role, "CREATE TEMPORARY TABLE intruder (id int)");
                    if (!role.equals("laas_projector_batch")) {
                        assertRefused(sql, role, "CREATE SCHEMA intruder");
                    }
                }
            }
        }
    }

    /** A rebuild creates its copy's schema on the projector's batch pool, and drops it: that much, and no more. */
    @Test
    void theProjectorsBatchRoleCreatesAndDropsTheSchemaOfARebuildsCopy() throws SQLException {
        String schema = "projector_rebuild_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = SchemaService.connect(stack, DATABASE, "laas_projector_batch",
                ROLES.get("laas_projector_batch").password()); Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA " + schema);
            sql.execute("CREATE TABLE " + schema + ".accounts (LIKE projector.accounts INCLUDING ALL)");
            sql.execute("DROP SCHEMA " + schema + " CASCADE");
        }
        try (Connection connection = SchemaService.connect(stack, DATABASE, "laas_projector",
                ROLES.get("laas_projector").password()); Statement sql = connection.createStatement()) {
            assertRefused(sql, "laas_projector", "CREATE SCHEMA " + schema);
        }
    }

    @Test
    void batchRolesBypassRowLevelSecurityInTheirOwnSchemaOnly() throws SQLException {
        UUID ledgerA = UUID.randomUUID();
        UUID ledgerB = UUID.randomUUID();
        String ours = "id IN ('" + ledgerA + "', '" + ledgerB + "')";
        try (Connection connection = SchemaService.connect(stack, DATABASE, "laas_ledger", ROLES.get("laas_ledger").password());
                Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (UUID ledger : List.of(ledgerA, ledgerB)) {
                sql.execute("SELECT set_config('laas.ledger_id', '" + ledger + "', true)");
                sql.execute("INSERT INTO ledger.ledgers (id, org_id, project_id, code, name, currency) VALUES ('" + ledger
                        + "', gen_random_uuid(), gen_random_uuid(), 'rls-" + ledger + "', 'RLS', 'EUR')");
                connection.commit();
            }
            // the service's own role, owner of the table, is bound by the policy: nothing without a ledger, one with
            assertEquals(List.of("0"), SchemaService.column(connection, "SELECT count(*) FROM ledger.ledgers WHERE " + ours));
            sql.execute("SELECT set_config('laas.ledger_id', '" + ledgerA + "', true)");
            assertEquals(List.of(ledgerA.toString()), SchemaService.column(connection, "SELECT id FROM ledger.ledgers WHERE " + ours));
            connection.rollback();
        }
        try (Connection connection = SchemaService.connect(stack, DATABASE, "laas_ledger_batch",
                ROLES.get("laas_ledger_batch").password())) {
            assertEquals(List.of("2"), SchemaService.column(connection, "SELECT count(*) FROM ledger.ledgers WHERE " + ours),
                    "the batch role sees every ledger's rows");
        }
        try (Connection laas = SchemaService.superuser(stack, DATABASE)) {
            List<String> bypassing = SchemaService.column(laas, "SELECT rolname FROM pg_roles WHERE rolbypassrls AND NOT rolsuper "
                    + "AND rolname LIKE 'laas\\_%' ORDER BY rolname");
            // and the Debezium connector, whose snapshot reads every ledger's outbox rows (its grants: the outboxes)
            assertEquals(List.of("laas_debezium", "laas_iam_batch", "laas_ledger_batch", "laas_projector_batch",
                    "laas_webhook_batch"),
                    bypassing.stream().filter(ROLES::containsKey).toList());
            for (SchemaService service : SchemaService.values()) {
                // each batch role reaches exactly one service schema: its own
                assertEquals(List.of(service.schema), SchemaService.column(laas, "SELECT s FROM unnest(ARRAY['"
                        + String.join("','", SchemaService.schemas()) + "']) s WHERE has_schema_privilege('laas_"
                        + service.schema + "_batch', s, 'USAGE')"));
            }
        }
    }

    @Test
    void debeziumReadsTheThreeOutboxTablesAndNothingElse() throws SQLException {
        Map<String, List<String>> tables = tablesBySchema();
        List<String> outboxes = List.of("iam.outbox", "ledger.outbox", "webhook.outbox");
        try (Connection connection = SchemaService.connect(stack, DATABASE, "laas_debezium",
                ROLES.get("laas_debezium").password()); Statement sql = connection.createStatement()) {
            for (String outbox : outboxes) {
                sql.executeQuery("SELECT * FROM " + outbox + " LIMIT 1").close();
                assertRefused(sql, "laas_debezium", "DELETE FROM " + outbox);
            }
            int refused = 0;
            for (List<String> schemaTables : tables.values()) {
                for (String table : schemaTables) {
                    if (!outboxes.contains(table)) {
                        assertRefused(sql, "laas_debezium", "SELECT * FROM " + table + " LIMIT 1");
                        refused++;
                    }
                }
            }
            assertTrue(refused > 30, "every other table was tried: " + refused);
            assertRefused(sql, "laas_debezium", "CREATE TABLE public.intruder (id int)");
            // the connector's heartbeat.action.query (components/debezium/kafka-connector.yaml)
            sql.execute("INSERT INTO debezium.heartbeat (id, beat) VALUES (1, now()) "
                    + "ON CONFLICT (id) DO UPDATE SET beat = EXCLUDED.beat");
            assertEquals(List.of("1"), SchemaService.column(connection, "SELECT count(*) FROM debezium.heartbeat"));
        }
        for (SchemaService service : SchemaService.values()) {
            try (Connection connection = SchemaService.connect(stack, DATABASE, "laas_" + service.schema,
                    ROLES.get("laas_" + service.schema).password()); Statement sql = connection.createStatement()) {
                assertRefused(sql, "laas_" + service.schema, "SELECT * FROM debezium.heartbeat");
            }
        }
        try (Connection laas = SchemaService.superuser(stack, DATABASE)) {
            assertEquals(List.of("t"), SchemaService.column(laas, "SELECT rolreplication FROM pg_roles WHERE rolname = 'laas_debezium'"));
        }
    }

    /** Every table of the four schemas, qualified, by schema. */
    private static Map<String, List<String>> tablesBySchema() throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Connection laas = SchemaService.superuser(stack, DATABASE)) {
            for (String schema : SchemaService.schemas()) {
                List<String> names = SchemaService.column(laas, "SELECT schemaname || '.' || tablename FROM pg_tables "
                        + "WHERE schemaname = '" + schema + "' ORDER BY tablename");
                assertFalse(names.isEmpty(), schema);
                tables.put(schema, names);
            }
        }
        return tables;
    }

    /** The statement fails with "insufficient privilege" (42501), changing nothing. */
    private static void assertRefused(Statement sql, String role, String statement) throws SQLException {
        try {
            sql.execute(statement);
            fail(role + " may: " + statement);
        } catch (SQLException e) {
            assertEquals("42501", e.getSQLState(), role + ": " + statement + ": " + e.getMessage());
        }
    }
}
