package io.laas.local.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Flyway versions of the services' schemas: which service owns which schema, and comparing two versions. */
final class SchemaVersions {

    /** Each service's schema (its quarkus.flyway.schemas) and the service's folder in the repository. */
    static final Map<String, String> SERVICE_OF_SCHEMA = Map.of(
            "iam", "iam-service",
            "ledger", "ledger-command-service",
            "projector", "projector-service",
            "webhook", "webhook-service");

    private static final Pattern SQL_MIGRATION = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.*\\.sql");

    private SchemaVersions() {
    }

    /** The highest versioned SQL migration of each service in the source tree at {@code codeRoot}. */
    static Map<String, String> ofCode(Path codeRoot) throws BackupException {
        Map<String, String> versions = new LinkedHashMap<>();
        for (var schema : SERVICE_OF_SCHEMA.entrySet()) {
            Path migrations = codeRoot.resolve(schema.getValue()).resolve("src/main/resources/db/migration");
            if (!Files.isDirectory(migrations)) {
                throw new BackupException("Cannot tell this code's schema versions: " + migrations + " does not exist "
                        + "(run from the repository's root, or pass --code-root <repository>)");
            }
            try (Stream<Path> files = Files.list(migrations)) {
                Optional<String> highest = files.map(file -> SQL_MIGRATION.matcher(file.getFileName().toString()))
                        .filter(Matcher::matches)
                        .map(matcher -> matcher.group(1).replace('_', '.'))
                        .max(SchemaVersions::compare);
                highest.ifPresent(version -> versions.put(schema.getKey(), version));
            } catch (IOException e) {
                throw new BackupException("Cannot list " + migrations + ": " + e.getMessage(), e);
            }
        }
        return versions;
    }

    /** Compares Flyway versions part by part as numbers ("10" after "9", "5.1" after "5"). */
    static int compare(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? Long.parseLong(a[i]) : 0;
            long y = i < b.length ? Long.parseLong(b[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }
}
