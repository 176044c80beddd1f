package io.laas.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandsTest {

    @Test
    void aDirectoryIsTheArgumentThatIsNoOptionNorAnOptionsValue() {
        assertFalse(BackupCommands.hasPositional(List.of()));
        assertFalse(BackupCommands.hasPositional(List.of("--keep", "3", "--every=1h")));
        assertTrue(BackupCommands.hasPositional(List.of("/var/backups/laas")));
        assertTrue(BackupCommands.hasPositional(List.of("--keep", "3", "/var/backups/laas")));
        assertTrue(BackupCommands.hasPositional(List.of("--keep=3", "/var/backups/laas", "--every", "1h")));
    }

    @Test
    void withoutALocalDatabaseBackupAndRestoreSaySoAndStartNothing(@TempDir Path dataDir) {
        for (String[] args : List.of(new String[] { "backup" }, new String[] { "restore", "x.dump" })) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CliContext context = new CliContext(dataDir, dataDir, Map.of(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, LaasCli.run(context, args), String.join(" ", args));
            assertEquals("There is no local database in " + dataDir + " yet: start LaaS once (deploy/local/laas up)\n",
                    err.toString(StandardCharsets.UTF_8), String.join(" ", args));
        }
    }
}
