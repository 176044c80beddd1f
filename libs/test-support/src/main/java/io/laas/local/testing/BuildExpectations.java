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

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What a service's {@code GET /_info} must answer, found independently of the service: the commit checked out
 * where the test runs ({@code git rev-parse HEAD}) and the highest version among a module's migration files.
 */
public final class BuildExpectations {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    /** A service module's SQL migrations, relative to the module (the tests' working directory under Maven). */
    public static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    private BuildExpectations() {
    }

    /**
     * Asserts that the service under test answers {@code GET /_info} without a credential (a token that is none is
     * ignored) with its name, this build's version and commit, a build time and the module's newest migration.
     */
    public static void assertServiceInfo(String service) {
        given().header("Authorization", "Bearer not-a-token")
                .get("/_info")
                .then().statusCode(200)
                .contentType("application/json")
                .body("name", equalTo(service))
                .body("version", equalTo(ConfigProvider.getConfig().getValue("quarkus.application.version", String.class)))
                .body("commit", equalTo(gitHead()))
                .body("build_time", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"))
                .body("schema_version", equalTo(latestMigration(MIGRATIONS)));
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
