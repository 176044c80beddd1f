package io.laas.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service's {@code GET /_info} must answer, found independently of the service: the commit checked out
 * where the test runs ({@code git rev-parse HEAD}) and the highest version among a module's migration files.
 */
public final class BuildExpectations {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    private BuildExpectations() {
    }

    /** {@code git rev-parse HEAD} in the current directory (the module's, under Maven). */
    public static String gitHead() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
                throw new IllegalStateException("git rev-parse HEAD failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The highest {@code V<version>__*.sql} version in the directory, as Flyway writes it ({@code 12}, {@code 5.1}). */
    public static String latestMigration(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<String> versions = files.map(file -> MIGRATION.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1).replace('_', '.'))
                    .toList();
            if (versions.isEmpty()) {
                throw new IllegalStateException("No migration in " + directory.toAbsolutePath());
            }
            return versions.stream().max(Comparator.comparing(BuildExpectations::parts, Arrays::compare)).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] parts(String version) {
        return Arrays.stream(version.split("\\.")).mapToLong(Long::parseLong).toArray();
    }
}
