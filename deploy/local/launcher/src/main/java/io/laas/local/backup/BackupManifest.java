package io.laas.local.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What a backup archive holds, written next to it as {@code <archive name without .dump>.manifest.json}. Every value
 * but the archive's size and digest was read in the snapshot the archive was dumped from.
 */
public record BackupManifest(
        @JsonProperty("format") int format,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("archive") String archive,
        @JsonProperty("archive_bytes") long archiveBytes,
        @JsonProperty("archive_sha256") String archiveSha256,
        @JsonProperty("database") String database,
        @JsonProperty("postgresql_version") String postgresqlVersion,
        @JsonProperty("postgresql_major_version") int postgresqlMajorVersion,
        @JsonProperty("pg_dump_version") String pgDumpVersion,
        @JsonProperty("build") String build,
        @JsonProperty("schema_versions") Map<String, String> schemaVersions,
        @JsonProperty("ledgers") List<LedgerHead> ledgers) {

    public static final int FORMAT = 1;
    static final String ARCHIVE_SUFFIX = ".dump";
    static final String MANIFEST_SUFFIX = ".manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Path manifestOf(Path archive) {
        String name = archive.getFileName().toString();
        String stem = name.endsWith(ARCHIVE_SUFFIX) ? name.substring(0, name.length() - ARCHIVE_SUFFIX.length()) : name;
        return archive.resolveSibling(stem + MANIFEST_SUFFIX);
    }

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static BackupManifest read(Path file) throws BackupException {
        if (!Files.isRegularFile(file)) {
            throw new BackupException("No manifest " + file + " next to the archive: a restore needs it to check the "
                    + "archive's versions against this code");
        }
        try {
            BackupManifest manifest = JSON.readValue(file.toFile(), BackupManifest.class);
            if (manifest.format() != FORMAT || manifest.schemaVersions() == null || manifest.archiveSha256() == null) {
                throw new BackupException("The manifest " + file + " is not a LaaS backup manifest of format " + FORMAT);
            }
            return manifest;
        } catch (IOException e) {
            throw new BackupException("The manifest " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
