package io.laas.local.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a subcommand runs: the repository, the local stack's data directory (PostgreSQL and Kafka data, logs,
 * the state file), the environment and the streams it writes to.
 */
record CliContext(Path repoRoot, Path dataDir, Map<String, String> environment, PrintStream out, PrintStream err) {

    /** The data directory: {@code LAAS_DATA_DIR}, or {@code deploy/local/.data} in the repository. */
    static Path dataDir(Path repoRoot, Map<String, String> environment) {
        String configured = environment.get("LAAS_DATA_DIR");
        return (configured == null || configured.isBlank() ? repoRoot.resolve("deploy/local/.data")
                : Path.of(configured.trim())).toAbsolutePath().normalize();
    }

    String env(String name, String fallback) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
