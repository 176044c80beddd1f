package io.laas.ledger.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.laas.local.testing.ReleasedMigrations;

/** This service's migrations are forward-only: released ones never change, and Flyway may not undo or skip any. */
class ForwardOnlyMigrationsTest {

    @Test
    void releasedMigrationsAreNumberedAndUnchanged() {
        assertEquals(List.of(), ReleasedMigrations.checkFiles(Path.of("src/main/resources/db/migration"),
                Path.of("src/test/resources/db/released-migrations.sha256")));
    }

    @Test
    void flywayValidatesAndNeverCleansRepairsOrReorders() {
        assertEquals(List.of(), ReleasedMigrations.checkSettings(Path.of("src/main/resources/application.properties")));
    }
}
