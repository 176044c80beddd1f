package io.laas.local.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule of forward-only migrations, broken once, is reported; a clean history reports nothing. */
class ReleasedMigrationsTest {

    private static final String V1_SHA = "5f6c2ac8ab6cd1e9a26c1b1e8c7ad3f3b9f2a7e8ab4d1a3d3bbbd0ff2b1c9f4e";

    @TempDir
    Path dir;

    private Path migrations() throws IOException {
        Path migrations = Files.createDirectories(dir.resolve("migration"));
        Files.writeString(migrations.resolve("V1__first.sql"), "CREATE TABLE a (id int);\n");
        Files.writeString(migrations.resolve("V2__second.sql"), "ALTER TABLE a ADD COLUMN b int;\n");
        return migrations;
    }

    private Path checksums(String... lines) throws IOException {
        return Files.write(dir.resolve("released-migrations.sha256"), List.of(lines));
    }

    private static String sha(String content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aHistoryAsReleasedHasNoProblem() throws Exception {
        Path migrations = migrations();
        Path checksums = checksums("# released", sha("CREATE TABLE a (id int);\n") + "  V1__first.sql",
                sha("ALTER TABLE a ADD COLUMN b int;\n") + "  V2__second.sql");
        assertEquals(List.of(), ReleasedMigrations.checkFiles(migrations, checksums));
    }

    @Test
    void anEditedRemovedOrUnlistedMigrationIsReported() throws Exception {
        Path migrations = migrations();
        Files.writeString(migrations.resolve("V3__third.sql"), "SELECT 1;\n");
        Path checksums = checksums(V1_SHA + "  V1__first.sql", sha("ALTER TABLE a ADD COLUMN b int;\n") + "  V2__second.sql",
                sha("SELECT 1;\n") + "  V0__gone.sql");
        assertEquals(List.of(
                "V0__gone.sql: released, and no longer there (a released migration is never removed)",
                "V1__first.sql: released, and its content changed (write a new migration instead)",
                "V3__third.sql: not in released-migrations.sha256; once it is final, add: " + sha("SELECT 1;\n")
                        + "  V3__third.sql"),
                ReleasedMigrations.checkFiles(migrations, checksums));
    }

    @Test
    void gapsRepeatsAndOtherScriptsAreReported() throws Exception {
        Path migrations = migrations();
        Files.writeString(migrations.resolve("V2__again.sql"), "SELECT 2;\n");
        Files.writeString(migrations.resolve("V4__later.sql"), "SELECT 4;\n");
        Files.writeString(migrations.resolve("U2__undo_second.sql"), "ALTER TABLE a DROP COLUMN b;\n");
        Files.writeString(migrations.resolve("R__view.sql"), "SELECT 5;\n");
        Path checksums = checksums(sha("CREATE TABLE a (id int);\n") + "  V1__first.sql",
                sha("ALTER TABLE a ADD COLUMN b int;\n") + "  V2__second.sql", sha("SELECT 2;\n") + "  V2__again.sql",
                sha("SELECT 4;\n") + "  V4__later.sql");
        assertEquals(List.of(
                "R__view.sql: not a versioned migration V<n>__<lower_case_words>.sql",
                "U2__undo_second.sql: not a versioned migration V<n>__<lower_case_words>.sql",
                "V2__second.sql: version 2 is taken by V2__again.sql",
                "V3 is missing before V4__later.sql"),
                ReleasedMigrations.checkFiles(migrations, checksums));
    }

    @Test
    void aVersionAReleaseSkippedStaysUnused() throws Exception {
        Path migrations = migrations();
        Files.writeString(migrations.resolve("V4__later.sql"), "SELECT 4;\n");
        Path checksums = checksums(sha("CREATE TABLE a (id int);\n") + "  V1__first.sql",
                sha("ALTER TABLE a ADD COLUMN b int;\n") + "  V2__second.sql", "skipped  V3", sha("SELECT 4;\n") + "  V4__later.sql");
        assertEquals(List.of(), ReleasedMigrations.checkFiles(migrations, checksums));
        Files.writeString(migrations.resolve("V3__filled_in.sql"), "SELECT 3;\n");
        assertEquals(List.of("V3__filled_in.sql: version 3 was skipped in a release; Flyway would refuse it now that later"
                + " versions are applied", "V3__filled_in.sql: not in released-migrations.sha256; once it is final, add: "
                + sha("SELECT 3;\n") + "  V3__filled_in.sql"), ReleasedMigrations.checkFiles(migrations, checksums));
    }

    @Test
    void settingsThatUndoOrSkipMigrationsAreReported() throws IOException {
        Path good = Files.writeString(dir.resolve("good.properties"), """
                quarkus.flyway.migrate-at-start=true
                quarkus.flyway.validate-on-migrate=true
                quarkus.flyway.out-of-order=false
                quarkus.flyway.clean-disabled=true
                """);
        assertEquals(List.of(), ReleasedMigrations.checkSettings(good));
        Path bad = Files.writeString(dir.resolve("bad.properties"), """
                quarkus.flyway.migrate-at-start=true
                quarkus.flyway.validate-on-migrate=true
                quarkus.flyway.out-of-order=false
                %dev.quarkus.flyway.clean-disabled=false
                %prod.quarkus.flyway.repair-at-start=true
                """);
        assertEquals(List.of(
                "%dev.quarkus.flyway.clean-disabled must be true, is false",
                "%prod.quarkus.flyway.repair-at-start is set: migrations are forward-only",
                "quarkus.flyway.clean-disabled must be true, is null"),
                ReleasedMigrations.checkSettings(bad).stream().sorted().toList());
    }
}
