package io.laas.local.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.laas.local.LocalInfra;
import io.laas.local.PostgresServer;

/** Backup and restore against a real PostgreSQL 15 with Debian's pg_dump/pg_restore 15. */
class BackupCommandTest {

    private static final String LEDGER_A = "00000000-0000-0000-0000-00000000000a";
    private static final String LEDGER_B = "00000000-0000-0000-0000-00000000000b";

    private static PostgresServer server;
    private static Path work;
    private static Path codeRoot;

    private Path backups;

    @BeforeAll
    static void startPostgres() throws Exception {
        work = Files.createTempDirectory(Path.of("target"), "backup-test").toAbsolutePath();
        server = PostgresServer.start(LocalInfra.freePort(), work, true, "laas", "laas", "laas");
        codeRoot = work.resolve("code");
        migration("iam-service", "V1__iam.sql");
        migration("iam-service", "V10__oauth.sql");
        migration("iam-service", "V9__secrets.sql");
        migration("ledger-command-service", "V8__row_level_security.sql");
        migration("projector-service", "V12__row_level_security.sql");
        migration("webhook-service", "V9__stats.sql");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        server.close();
    }

    @BeforeEach
    void schemasWithData() throws Exception {
        backups = Files.createTempDirectory(work, "backups");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS iam, ledger CASCADE");
            statement.execute("CREATE SCHEMA iam AUTHORIZATION laas");
            statement.execute("CREATE SCHEMA ledger AUTHORIZATION laas");
            for (String schema : List.of("iam", "ledger")) {
                statement.execute("CREATE TABLE " + schema + ".flyway_schema_history (installed_rank int PRIMARY KEY, "
                        + "version text, success boolean NOT NULL)");
            }
            statement.execute("INSERT INTO iam.flyway_schema_history VALUES (1, '1', true), (2, '9', true), (3, '10', true)");
            statement.execute("INSERT INTO ledger.flyway_schema_history VALUES (1, '1', true), (2, '5.1', true), "
                    + "(3, '8', true), (4, NULL, true)");
            statement.execute("CREATE TABLE iam.members (email text PRIMARY KEY)");
            statement.execute("INSERT INTO iam.members VALUES ('ada@example.com')");
            statement.execute("CREATE TABLE ledger.ledgers (id uuid PRIMARY KEY, last_sequence bigint NOT NULL, last_hash text)");
            statement.execute("CREATE TABLE ledger.events (ledger_id uuid NOT NULL REFERENCES ledger.ledgers (id), "
                    + "sequence bigint NOT NULL, hash text NOT NULL, PRIMARY KEY (ledger_id, sequence))");
            statement.execute("INSERT INTO ledger.ledgers VALUES ('" + LEDGER_A + "', 2, 'hash-a2'), ('" + LEDGER_B + "', 0, NULL)");
            statement.execute("INSERT INTO ledger.events VALUES ('" + LEDGER_A + "', 1, 'hash-a1'), ('" + LEDGER_A + "', 2, 'hash-a2')");
            // as in the services' schemas: the owner itself sees no row without a ledger set, only a superuser sees all
            for (String table : List.of("ledgers", "events")) {
                statement.execute("ALTER TABLE ledger." + table + " ENABLE ROW LEVEL SECURITY");
                statement.execute("ALTER TABLE ledger." + table + " FORCE ROW LEVEL SECURITY");
            }
            statement.execute("CREATE POLICY ledger_isolation ON ledger.ledgers USING "
                    + "(id::text = current_setting('laas.ledger_id', true))");
            statement.execute("CREATE POLICY ledger_isolation ON ledger.events USING "
                    + "(ledger_id::text = current_setting('laas.ledger_id', true))");
            for (String table : List.of("iam.flyway_schema_history", "ledger.flyway_schema_history", "iam.members",
                    "ledger.ledgers", "ledger.events")) {
                statement.execute("ALTER TABLE " + table + " OWNER TO laas");
            }
        }
    }

    @Test
    void backupWritesACompressedArchiveAndAManifestOfTheSnapshotItDumped() throws Exception {
        Output output = run("backup", backups.toString());

        assertEquals(0, output.exitCode(), output.err());
        Path archive = single(backups, ".dump");
        assertTrue(archive.getFileName().toString().matches("laas-backup-\\d{8}T\\d{9}Z\\.dump"), archive.toString());
        assertEquals("PGDMP", new String(Files.readAllBytes(archive), 0, 5, StandardCharsets.US_ASCII));
        JsonNode manifest = new ObjectMapper().readTree(BackupManifest.manifestOf(archive).toFile());
        assertEquals(1, manifest.get("format").asInt());
        assertTrue(Instant.parse(manifest.get("created_at").asText()).isAfter(Instant.now().minusSeconds(120)));
        assertEquals(archive.getFileName().toString(), manifest.get("archive").asText());
        assertEquals(Files.size(archive), manifest.get("archive_bytes").asLong());
        assertEquals(64, manifest.get("archive_sha256").asText().length());
        assertEquals("laas", manifest.get("database").asText());
        assertEquals(15, manifest.get("postgresql_major_version").asInt());
        assertTrue(manifest.get("postgresql_version").asText().startsWith("15."), manifest.toString());
        assertTrue(manifest.get("pg_dump_version").asText().contains("(PostgreSQL) 15."), manifest.toString());
        assertEquals(Map.of("iam", "10", "ledger", "8"),
                new ObjectMapper().convertValue(manifest.get("schema_versions"), Map.class));
        assertEquals(2, manifest.get("ledgers").size());
        assertEquals(LEDGER_A, manifest.get("ledgers").get(0).get("ledger_id").asText());
        assertEquals(2, manifest.get("ledgers").get(0).get("last_sequence").asLong());
        assertEquals("hash-a2", manifest.get("ledgers").get(0).get("chain_head").asText());
        assertEquals(LEDGER_B, manifest.get("ledgers").get(1).get("ledger_id").asText());
        assertEquals(0, manifest.get("ledgers").get(1).get("last_sequence").asLong());
        assertTrue(manifest.get("ledgers").get(1).get("chain_head").isNull());
        assertTrue(output.out().contains("wrote " + archive), output.out());
    }

    @Test
    void restoreGivesBackExactlyTheBackedUpDatabaseWithItsRowLevelSecurity() throws Exception {
        assertEquals(0, run("backup", backups.toString()).exitCode());
        Path archive = single(backups, ".dump");
        String before = contents();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE ledger.ledgers NO FORCE ROW LEVEL SECURITY");
            statement.execute("ALTER TABLE ledger.events NO FORCE ROW LEVEL SECURITY");
            statement.execute("INSERT INTO ledger.events VALUES ('" + LEDGER_A + "', 3, 'hash-a3')");
            statement.execute("UPDATE ledger.ledgers SET last_sequence = 3, last_hash = 'hash-a3' WHERE id = '" + LEDGER_A + "'");
            statement.execute("DELETE FROM iam.members");
            statement.execute("CREATE TABLE ledger.after_backup (id int)");
            statement.execute("CREATE SCHEMA later");
        }
        assertFalse(before.equals(contents()));

        Output output = run("restore", archive.toString());

        assertEquals(0, output.exitCode(), output.err() + output.out());
        assertEquals(before, contents());
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertNull(value(statement, "SELECT to_regclass('ledger.after_backup')::text"));
            assertNull(value(statement, "SELECT nspname FROM pg_namespace WHERE nspname = 'later'"));
            assertEquals("t", value(statement, "SELECT relforcerowsecurity FROM pg_class WHERE oid = 'ledger.ledgers'::regclass"));
            assertEquals("laas", value(statement, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'laas'"));
            assertEquals("t", value(statement, "SELECT proleakproof FROM pg_proc WHERE proname = 'jsonb_contains'"));
            assertNull(value(statement, "SELECT datname FROM pg_database WHERE datname LIKE 'laas\\_%'"));
        }
        try (Connection owner = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/laas", "laas", "laas");
                Statement statement = owner.createStatement()) {
            assertEquals("0", value(statement, "SELECT count(*) FROM ledger.ledgers"), "the owner is bound by row-level security again");
        }
    }

    @Test
    void restoreStartsANewEpochAndRecordsEachLedgersCutInTheConsumersSchemas() throws Exception {
        Path repository = Path.of("../../..").toAbsolutePath().normalize();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS projector, webhook CASCADE");
            // the services' own migrations of the epochs
            migrate(statement, "ledger", repository.resolve("ledger-command-service/src/main/resources/db/migration/V9__epochs.sql"));
            migrate(statement, "projector", repository.resolve("projector-service/src/main/resources/db/migration/V13__epochs.sql"));
            migrate(statement, "webhook", repository.resolve("webhook-service/src/main/resources/db/migration/V10__epochs.sql"));
        }
        try {
            assertEquals(0, run("backup", backups.toString()).exitCode());
            Path archive = single(backups, ".dump");
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("UPDATE ledger.ledgers SET last_sequence = 3, last_hash = 'hash-a3' WHERE id = '" + LEDGER_A + "'");
            }

            Output output = run("restore", archive.toString());

            assertEquals(0, output.exitCode(), output.err() + output.out());
            assertTrue(output.out().contains("started epoch 2"), output.out());
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                assertEquals("1,2", value(statement, "SELECT string_agg(epoch::text, ',' ORDER BY epoch) FROM ledger.epochs"));
                for (String consumer : List.of("projector", "webhook")) {
                    assertEquals("1,2", value(statement, "SELECT string_agg(epoch::text, ',' ORDER BY epoch) FROM "
                            + consumer + ".epochs"), consumer);
                    assertEquals("2 " + LEDGER_A + " 2, 2 " + LEDGER_B + " 0", value(statement,
                            "SELECT string_agg(epoch || ' ' || ledger_id || ' ' || last_sequence, ', ' ORDER BY ledger_id) "
                                    + "FROM " + consumer + ".epoch_cuts"), "the backup's sequences, not the later 3: " + consumer);
                }
            }

            // the same backup again, after epoch 2 wrote events: the archive's own epoch is 1, the replaced database's 2
            Output again = run("restore", archive.toString());

            assertEquals(0, again.exitCode(), again.err() + again.out());
            assertTrue(again.out().contains("started epoch 3"), again.out());
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                assertEquals("1,3", value(statement, "SELECT string_agg(epoch::text, ',' ORDER BY epoch) FROM ledger.epochs"),
                        "epoch 2 is never reused: Kafka may hold its events");
                assertEquals("1,3", value(statement, "SELECT string_agg(epoch::text, ',' ORDER BY epoch) FROM projector.epochs"));
            }
        } finally {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS projector, webhook CASCADE");
            }
        }
    }

    @Test
    void theEpochScriptChangesNothingInADatabaseThatPredatesEpochs() throws Exception {
        try (Connection connection = connect()) {
            assertTrue(EpochScript.startEpoch(connection, java.util.OptionalLong.of(4)).isEmpty());
            try (Statement statement = connection.createStatement()) {
                assertNull(value(statement, "SELECT to_regclass('ledger.epochs')::text"));
            }
        }
    }

    private static void migrate(Statement statement, String schema, Path migration) throws Exception {
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION laas");
        statement.execute("SET search_path = " + schema);
        statement.execute(Files.readString(migration));
        statement.execute("RESET search_path");
    }

    @Test
    void restoreRefusesASchemaNewerThanTheCodeAndChangesNothing() throws Exception {
        assertEquals(0, run("backup", backups.toString()).exitCode());
        Path archive = single(backups, ".dump");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO iam.members VALUES ('after@example.com')");
        }
        String after = contents();
        Path olderCode = work.resolve("older-code");
        for (var service : List.of("iam-service", "ledger-command-service", "projector-service", "webhook-service")) {
            Files.createDirectories(olderCode.resolve(service).resolve("src/main/resources/db/migration"));
        }
        Files.writeString(olderCode.resolve("iam-service/src/main/resources/db/migration/V9__secrets.sql"), "");
        Files.writeString(olderCode.resolve("ledger-command-service/src/main/resources/db/migration/V8__rls.sql"), "");

        Output output = run("restore", archive.toString(), "--code-root", olderCode.toString());

        assertEquals(1, output.exitCode());
        assertTrue(output.err().contains("The backup's schemas are newer than this code's: iam 10 (this code: 9)"), output.err());
        assertEquals(after, contents());
    }

    @Test
    void restoreRefusesAnArchiveOfANewerPostgresqlAndADamagedOrMissingOne() throws Exception {
        assertEquals(0, run("backup", backups.toString()).exitCode());
        Path archive = single(backups, ".dump");
        Path manifestFile = BackupManifest.manifestOf(archive);
        String manifest = Files.readString(manifestFile);
        ObjectNode newer = (ObjectNode) new ObjectMapper().readTree(manifest);
        newer.put("postgresql_major_version", 16).put("postgresql_version", "16.4");
        Files.writeString(manifestFile, newer.toString());
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO iam.members VALUES ('after@example.com')");
        }
        String after = contents();

        Output newerServer = run("restore", archive.toString());
        assertEquals(1, newerServer.exitCode());
        assertTrue(newerServer.err().contains("taken from PostgreSQL 16.4, newer than this server's major version 15"),
                newerServer.err());

        Files.writeString(manifestFile, manifest);
        Files.write(archive, new byte[] { 1 }, java.nio.file.StandardOpenOption.APPEND);
        Output damaged = run("restore", archive.toString());
        assertEquals(1, damaged.exitCode());
        assertTrue(damaged.err().contains("does not match its manifest's SHA-256"), damaged.err());

        Output missing = run("restore", backups.resolve("laas-backup-none.dump").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("Backup file not found: "), missing.err());

        Files.delete(manifestFile);
        Output noManifest = run("restore", archive.toString());
        assertEquals(1, noManifest.exitCode());
        assertTrue(noManifest.err().contains("No manifest"), noManifest.err());
        assertEquals(after, contents());
    }

    @Test
    void restoreRefusesWhileTheDatabaseIsInUse() throws Exception {
        assertEquals(0, run("backup", backups.toString()).exitCode());
        Path archive = single(backups, ".dump");
        try (Connection stillConnected = connect()) {
            Output output = run("restore", archive.toString());

            assertEquals(1, output.exitCode());
            assertTrue(output.err().contains("session(s) are connected to the database laas: stop the stack"), output.err());
            assertFalse(stillConnected.isClosed());
        }
    }

    @Test
    void retentionKeepsTheNewestArchivesAndTheirManifests() throws Exception {
        List<Path> archives = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Output output = run("backup", backups.toString(), "--keep", "2");
            assertEquals(0, output.exitCode(), output.err());
            try (Stream<Path> files = Files.list(backups)) {
                archives = files.filter(file -> file.toString().endsWith(".dump")).sorted().toList();
            }
            Thread.sleep(5);
        }
        try (Stream<Path> files = Files.list(backups)) {
            List<String> names = files.map(file -> file.getFileName().toString()).sorted().toList();
            assertEquals(4, names.size(), names.toString());
            assertEquals(2, names.stream().filter(name -> name.endsWith(".manifest.json")).count(), names.toString());
        }
        assertEquals(2, archives.size());
        for (Path archive : archives) {
            assertTrue(Files.exists(BackupManifest.manifestOf(archive)), archive.toString());
        }
    }

    @Test
    void preciseErrorsForAnUnreachableServerAndBadUsage() throws Exception {
        Output refused = BackupCommandTest.runWith("backup", backups.toString(), "--port", String.valueOf(LocalInfra.freePort()),
                "--code-root", codeRoot.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("Cannot connect to PostgreSQL at 127.0.0.1:"), refused.err());
        try (Stream<Path> files = Files.list(backups)) {
            assertEquals(0, files.count());
        }

        assertEquals(2, run("backup", backups.toString(), "--keep", "0").exitCode());
        assertEquals(2, run("backup", backups.toString(), "--every", "soon").exitCode());
        assertEquals(2, run("restore").exitCode());
        assertEquals(2, run("copy").exitCode());
        assertEquals(2, run("backup", "--verbose").exitCode());

        Output noTool = run("backup", backups.toString(), "--pg-bin", work.resolve("no-such-folder").toString());
        assertEquals(1, noTool.exitCode());
        assertTrue(noTool.err().contains("pg_dump was not found in "), noTool.err());
        assertTrue(noTool.err().contains("postgresql-client-15"), noTool.err());
    }

    private static void migration(String service, String file) throws Exception {
        Path dir = Files.createDirectories(codeRoot.resolve(service).resolve("src/main/resources/db/migration"));
        Files.writeString(dir.resolve(file), "-- test\n");
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/laas",
                PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD);
    }

    /** Every row of the test's tables, as text. */
    private static String contents() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String query : List.of("SELECT * FROM iam.members ORDER BY 1", "SELECT * FROM ledger.ledgers ORDER BY 1",
                    "SELECT * FROM ledger.events ORDER BY 1, 2", "SELECT * FROM iam.flyway_schema_history ORDER BY 1",
                    "SELECT * FROM ledger.flyway_schema_history ORDER BY 1")) {
                try (ResultSet rows = statement.executeQuery(query)) {
                    while (rows.next()) {
                        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                            text.append(rows.getString(column)).append('|');
                        }
                        text.append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    private static String value(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static Path single(Path dir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> matching = files.filter(file -> file.toString().endsWith(suffix)).toList();
            assertEquals(1, matching.size(), matching.toString());
            return matching.get(0);
        }
    }

    private Output run(String... args) {
        List<String> withServer = new ArrayList<>(List.of(args));
        withServer.addAll(List.of("--port", String.valueOf(server.port()), "--code-root", codeRoot.toString()));
        if (withServer.indexOf("--code-root") != withServer.lastIndexOf("--code-root")) {
            withServer = new ArrayList<>(List.of(args));
            withServer.addAll(List.of("--port", String.valueOf(server.port())));
        }
        return runWith(withServer.toArray(String[]::new));
    }

    private static Output runWith(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = BackupCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Output(int exitCode, String out, String err) {
    }
}
