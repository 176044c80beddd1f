package io.laas.local.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import io.laas.local.PostgresServer;

/**
 * Backs up the whole database (every schema) as one compressed pg_dump archive with a manifest next to it, and
 * restores such an archive. A restore builds the restored database beside the current one and swaps the two only
 * when it is complete, so a failed restore leaves the current database as it was.
 */
public final class DatabaseBackup {

    static final String ARCHIVE_PREFIX = "laas-backup-";
    private static final DateTimeFormatter ARCHIVE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final ConnectionSettings connection;
    private final Path pgBin;
    private final PrintStream progress;

    /** @param pgBin the folder of pg_dump and pg_restore, or null to take them from the PATH */
    public DatabaseBackup(ConnectionSettings connection, Path pgBin, PrintStream progress) {
        this.connection = connection;
        this.pgBin = pgBin;
        this.progress = progress;
    }

    /** Writes {@code laas-backup-<UTC time>.dump} and its manifest into {@code dir}; returns the archive. */
    public Path backup(Path dir, String build) throws BackupException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BackupException("Cannot create the backup folder " + dir + ": " + e.getMessage(), e);
        }
        Instant createdAt = Instant.now();
        String stem = ARCHIVE_PREFIX + ARCHIVE_TIME.format(createdAt);
        Path archive = dir.resolve(stem + BackupManifest.ARCHIVE_SUFFIX);
        Path partial = dir.resolve(stem + BackupManifest.ARCHIVE_SUFFIX + ".partial");
        progress.println("Backing up database " + connection.database() + " at " + connection.host() + ":" + connection.port()
                + " ...");
        try (Connection snapshotHolder = connection.connect(connection.database())) {
            int serverMajor = serverMajorVersion(snapshotHolder);
            PgTool pgDump = PgTool.find("pg_dump", pgBin, serverMajor);
            // The manifest is read in the snapshot pg_dump dumps: its sequences and hashes are those of the archive,
            // however many transactions the running services commit meanwhile.
            snapshotHolder.setAutoCommit(false);
            snapshotHolder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String snapshot = single(snapshotHolder, "SELECT pg_export_snapshot()");
            String serverVersion = single(snapshotHolder, "SHOW server_version");
            Map<String, String> schemaVersions = schemaVersions(snapshotHolder);
            List<LedgerHead> ledgers = ledgerHeads(snapshotHolder);
            progress.println("  PostgreSQL " + serverVersion + ", " + pgDump.version() + "; schemas " + schemaVersions
                    + ", " + ledgers.size() + " ledger(s)");
            pgDump.run(List.of("--host", connection.host(), "--port", String.valueOf(connection.port()),
                    "--username", connection.user(), "--dbname", connection.database(), "--no-password",
                    "--format=custom", "--compress=6", "--snapshot=" + snapshot, "--file", partial.toString()),
                    connection);
            snapshotHolder.rollback();
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, createdAt.toString(),
                    archive.getFileName().toString(), Files.size(archive), sha256(archive), connection.database(),
                    serverVersion, serverMajor, pgDump.version(), build, schemaVersions, ledgers);
            manifest.write(BackupManifest.manifestOf(archive));
            progress.println("  wrote " + archive + " (" + Files.size(archive) + " bytes) and "
                    + BackupManifest.manifestOf(archive).getFileName());
            return archive;
        } catch (SQLException | IOException e) {
            throw new BackupException("Backup failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // only a leftover of a failed dump; retention never counts it
            }
        }
    }

    /** Deletes the oldest archives in {@code dir} (and their manifests) beyond the newest {@code keep}. */
    public List<Path> applyRetention(Path dir, int keep) throws BackupException {
        List<Path> archives;
        try (Stream<Path> files = Files.list(dir)) {
            archives = files.filter(file -> file.getFileName().toString().startsWith(ARCHIVE_PREFIX)
                    && file.getFileName().toString().endsWith(BackupManifest.ARCHIVE_SUFFIX))
                    .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new BackupException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<Path> removed = new ArrayList<>();
        for (Path old : archives.subList(Math.min(keep, archives.size()), archives.size())) {
            try {
                Files.deleteIfExists(BackupManifest.manifestOf(old));
                Files.delete(old);
                removed.add(old);
                progress.println("  removed " + old.getFileName() + " (keeping the newest " + keep + ")");
            } catch (IOException e) {
                throw new BackupException("Cannot delete the old backup " + old + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }

    /**
     * Replaces the database with the archive's content. Refused, changing nothing, when the archive comes from a newer
     * PostgreSQL major version or holds a schema newer than this code's migrations, or while anything is connected
     * to the database (the stack must be stopped).
     */
    public void restore(Path archive, Map<String, String> codeSchemaVersions) throws BackupException {
        if (!Files.isRegularFile(archive)) {
            throw new BackupException("Backup file not found: " + archive);
        }
        BackupManifest manifest = BackupManifest.read(BackupManifest.manifestOf(archive));
        progress.println("Restoring " + archive + " (taken " + manifest.createdAt() + ", PostgreSQL "
                + manifest.postgresqlVersion() + ") into database " + connection.database() + " at " + connection.host()
                + ":" + connection.port() + " ...");
        try {
            if (!sha256(archive).equals(manifest.archiveSha256())) {
                throw new BackupException("The archive " + archive + " does not match its manifest's SHA-256: it is "
                        + "damaged or belongs to another manifest");
            }
        } catch (IOException e) {
            throw new BackupException("Cannot read " + archive + ": " + e.getMessage(), e);
        }
        requireSchemasKnownToCode(manifest, codeSchemaVersions);
        String staging = connection.database() + "_restoring";
        String previous = connection.database() + "_before_restore";
        try (Connection admin = connection.connect("postgres"); Statement statement = admin.createStatement()) {
            int serverMajor = serverMajorVersion(admin);
            if (manifest.postgresqlMajorVersion() > serverMajor) {
                throw new BackupException("The backup was taken from PostgreSQL " + manifest.postgresqlVersion()
                        + ", newer than this server's major version " + serverMajor + ": restore it into PostgreSQL "
                        + manifest.postgresqlMajorVersion() + " or later");
            }
            PgTool pgRestore = PgTool.find("pg_restore", pgBin, serverMajor);
            String owner = databaseOwner(admin);
            requireNoSessions(admin);
            OptionalLong replacedEpoch;
            try (Connection replaced = connection.connect(connection.database())) {
                replacedEpoch = EpochScript.latestEpoch(replaced);
            }
            statement.execute("DROP DATABASE IF EXISTS " + quote(staging));
            statement.execute("DROP DATABASE IF EXISTS " + quote(previous));
            statement.execute("CREATE DATABASE " + quote(staging) + " OWNER " + quote(owner));
            progress.println("  restoring into the new database " + staging + " with " + pgRestore.version() + " ...");
            try {
                pgRestore.run(List.of("--host", connection.host(), "--port", String.valueOf(connection.port()),
                        "--username", connection.user(), "--dbname", staging, "--no-password",
                        "--single-transaction", "--exit-on-error", archive.toString()), connection);
                try (Connection restored = connection.connect(staging); Statement restoredStatement = restored.createStatement()) {
                    PostgresServer.prepareDatabase(restoredStatement);
                    OptionalLong epoch = EpochScript.startEpoch(restored, replacedEpoch);
                    progress.println(epoch.isPresent()
                            ? "  started epoch " + epoch.getAsLong() + ": the consumers skip the events written after "
                                    + "the backup that Kafka still holds"
                            : "  the backup predates epochs: no epoch started");
                }
            } catch (BackupException | SQLException e) {
                statement.execute("DROP DATABASE IF EXISTS " + quote(staging));
                throw e instanceof BackupException backupException ? backupException
                        : new BackupException("Restore failed: " + e.getMessage(), e);
            }
            requireNoSessions(admin);
            statement.execute("ALTER DATABASE " + quote(connection.database()) + " RENAME TO " + quote(previous));
            statement.execute("ALTER DATABASE " + quote(staging) + " RENAME TO " + quote(connection.database()));
            statement.execute("DROP DATABASE " + quote(previous));
            progress.println("  restored: " + manifest.ledgers().size() + " ledger(s) at their backed-up sequences, schemas "
                    + manifest.schemaVersions());
        } catch (SQLException e) {
            throw new BackupException("Restore failed: " + e.getMessage(), e);
        }
    }

    private void requireSchemasKnownToCode(BackupManifest manifest, Map<String, String> codeSchemaVersions)
            throws BackupException {
        List<String> newer = new ArrayList<>();
        for (var schema : manifest.schemaVersions().entrySet()) {
            String codeVersion = codeSchemaVersions.get(schema.getKey());
            if (codeVersion == null) {
                newer.add(schema.getKey() + " " + schema.getValue() + " (unknown to this code)");
            } else if (SchemaVersions.compare(schema.getValue(), codeVersion) > 0) {
                newer.add(schema.getKey() + " " + schema.getValue() + " (this code: " + codeVersion + ")");
            }
        }
        if (!newer.isEmpty()) {
            throw new BackupException("The backup's schemas are newer than this code's: " + String.join(", ", newer)
                    + "; restore it with the version of LaaS that took it (build " + manifest.build() + ") or later");
        }
    }

    private void requireNoSessions(Connection admin) throws SQLException, BackupException {
        // a session closed a moment ago may still be listed while its server process exits
        Instant deadline = Instant.now().plusSeconds(3);
        int sessions;
        while ((sessions = sessions(admin)) > 0 && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (sessions > 0) {
            throw new BackupException(sessions + " session(s) are connected to the database " + connection.database()
                    + ": stop the stack (its services) before restoring");
        }
    }

    private int sessions(Connection admin) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            query.setString(1, connection.database());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private String databaseOwner(Connection admin) throws SQLException, BackupException {
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            query.setString(1, connection.database());
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new BackupException("The database " + connection.database() + " does not exist at "
                            + connection.host() + ":" + connection.port()
                            + " (start the stack once so that it creates the database and its roles, then stop it)");
                }
                return rows.getString(1);
            }
        }
    }

    private static int serverMajorVersion(Connection connection) throws SQLException {
        return Integer.parseInt(single(connection, "SHOW server_version_num")) / 10000;
    }

    /** The latest applied migration of every schema that has a Flyway history. */
    private static Map<String, String> schemaVersions(Connection connection) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_schema FROM information_schema.tables "
                        + "WHERE table_name = 'flyway_schema_history' ORDER BY table_schema")) {
            while (rows.next()) {
                schemas.add(rows.getString(1));
            }
        }
        Map<String, String> versions = new LinkedHashMap<>();
        for (String schema : schemas) {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT version FROM " + quote(schema)
                            + ".flyway_schema_history WHERE success AND version IS NOT NULL "
                            + "ORDER BY installed_rank DESC LIMIT 1")) {
                if (rows.next()) {
                    versions.put(schema, rows.getString(1));
                }
            }
        }
        return versions;
    }

    private static List<LedgerHead> ledgerHeads(Connection connection) throws SQLException {
        if (single(connection, "SELECT to_regclass('ledger.ledgers')::text") == null) {
            return List.of();
        }
        List<LedgerHead> heads = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT id::text, last_sequence, last_hash FROM ledger.ledgers ORDER BY id")) {
            while (rows.next()) {
                heads.add(new LedgerHead(rows.getString(1), rows.getLong(2), rows.getString(3)));
            }
        }
        return heads;
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
