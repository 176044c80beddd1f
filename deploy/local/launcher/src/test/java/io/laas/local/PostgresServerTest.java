package io.laas.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void runsTheMajorVersionOfTheHostsBackupTools() throws Exception {
        Path base = Files.createTempDirectory(Path.of("target"), "postgres-test");
        int port = LocalInfra.freePort();
        try (PostgresServer server = PostgresServer.start(port, base, true, "laas", "laas", "laas");
                var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/laas", "laas", "laas");
                var statement = connection.createStatement()) {
            var version = statement.executeQuery("SHOW server_version_num");
            version.next();
            assertEquals(PostgresServer.MAJOR_VERSION, String.valueOf(version.getInt(1) / 10000));
        }
        assertEquals(PostgresServer.MAJOR_VERSION, Files.readString(base.resolve("postgres-data/PG_VERSION")).trim());
    }

    @Test
    void refusesADataDirectoryOfAnotherMajorVersionWithWhatToDoAndLeavesItAlone() throws Exception {
        Path base = Files.createTempDirectory(Path.of("target"), "postgres-test");
        Path dataDir = Files.createDirectories(base.resolve("postgres-data"));
        Files.writeString(dataDir.resolve("PG_VERSION"), "14\n");
        Files.writeString(dataDir.resolve("postgresql.conf"), "# from 14\n");

        var refused = assertThrows(PostgresServer.DataDirectoryVersionException.class,
                () -> PostgresServer.start(LocalInfra.freePort(), base, false, "laas", "laas", "laas"));

        assertTrue(refused.getMessage().contains("initialised by PostgreSQL 14"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--fresh"), refused.getMessage());
        assertTrue(refused.getMessage().contains("restore"), refused.getMessage());
        assertEquals("14", Files.readString(dataDir.resolve("PG_VERSION")).trim());
        assertEquals("# from 14\n", Files.readString(dataDir.resolve("postgresql.conf")));
        assertFalse(Files.exists(dataDir.resolve("postmaster.pid")));
    }
}
