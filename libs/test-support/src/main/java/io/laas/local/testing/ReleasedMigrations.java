package io.laas.local.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What keeps a service's migrations forward-only and safe to run from several replicas at once (docs/upgrading.md):
 * each problem found is one line of the returned list, so a test asserts the list is empty.
 */
public final class ReleasedMigrations {

    private static final Pattern VERSIONED = Pattern.compile("V([1-9][0-9]*)__[a-z0-9_]+\\.sql");
    private static final Pattern CHECKSUM_LINE = Pattern.compile("([0-9a-f]{64}) {2}(\\S+)");
    private static final Pattern SKIPPED_LINE = Pattern.compile("skipped {2}V([1-9][0-9]*)");

    /** Flyway settings that would undo, skip, re-apply or reorder migrations, under any profile. */
    private static final List<String> FORBIDDEN_SETTINGS = List.of(
            "quarkus.flyway.clean-at-start", "quarkus.flyway.repair-at-start", "quarkus.flyway.baseline-on-migrate",
            "quarkus.flyway.baseline-version", "quarkus.flyway.ignore-migration-patterns", "quarkus.flyway.target-version");

    /** The settings each service states, with the only value allowed under any profile. */
    private static final Map<String, String> REQUIRED_SETTINGS = Map.of(
            "quarkus.flyway.migrate-at-start", "true",
            "quarkus.flyway.validate-on-migrate", "true",
            "quarkus.flyway.out-of-order", "false",
            "quarkus.flyway.clean-disabled", "true");

    private ReleasedMigrations() {
    }

    /**
     * The directory holds only versioned migrations {@code V<n>__<words>.sql} numbered 1 to n without gap or
     * repeat (no undo, repeatable or baseline script), and every one of them is listed in {@code checksums}
     * ({@code sha256sum} format) with the SHA-256 of its current content: a released migration that changes, or
     * goes, is reported, and so is a new one until its line is added. A line {@code skipped  V<n>} records a version
     * a release went past without using; no file may take it later.
     */
    public static List<String> checkFiles(Path migrations, Path checksums) {
        List<String> problems = new ArrayList<>();
        TreeMap<Integer, String> byVersion = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                Matcher versioned = VERSIONED.matcher(name);
                if (!versioned.matches()) {
                    problems.add(name + ": not a versioned migration V<n>__<lower_case_words>.sql");
                    continue;
                }
                String earlier = byVersion.put(Integer.parseInt(versioned.group(1)), name);
                if (earlier != null) {
                    problems.add(name + ": version " + versioned.group(1) + " is taken by " + earlier);
                }
                actual.put(name, sha256(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> released = new TreeMap<>();
        Set<Integer> skipped = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(checksums)) {
                Matcher entry = CHECKSUM_LINE.matcher(line);
                Matcher skip = SKIPPED_LINE.matcher(line);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (skip.matches()) {
                    skipped.add(Integer.parseInt(skip.group(1)));
                    continue;
                }
                if (!entry.matches()) {
                    problems.add(checksums.getFileName() + ": not a '<sha256>  <file>' line: " + line);
                    continue;
                }
                released.put(entry.group(2), entry.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int expected = 1;
        for (int version : byVersion.keySet()) {
            while (skipped.contains(expected) && expected < version) {
                expected++;
            }
            if (skipped.contains(version)) {
                problems.add(byVersion.get(version) + ": version " + version + " was skipped in a release; Flyway would"
                        + " refuse it now that later versions are applied");
            } else if (version != expected) {
                problems.add("V" + expected + " is missing before " + byVersion.get(version));
            }
            expected = version + 1;
        }
        released.forEach((name, checksum) -> {
            String current = actual.get(name);
            if (current == null) {
                problems.add(name + ": released, and no longer there (a released migration is never removed)");
            } else if (!current.equals(checksum)) {
                problems.add(name + ": released, and its content changed (write a new migration instead)");
            }
        });
        actual.forEach((name, checksum) -> {
            if (!released.containsKey(name)) {
                problems.add(name + ": not in " + checksums.getFileName() + "; once it is final, add: " + checksum + "  " + name);
            }
        });
        return problems;
    }

    /**
     * The service's {@code application.properties} runs the migrations at start, validates the history against
     * them, never applies one out of order and never empties the schema, under every profile; and nothing there
     * repairs the history, baselines it, ignores migrations or stops short of the latest.
     */
    public static List<String> checkSettings(Path applicationProperties) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(applicationProperties)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        REQUIRED_SETTINGS.forEach((key, value) -> {
            if (!value.equals(properties.getProperty(key))) {
                problems.add(key + " must be " + value + ", is " + properties.getProperty(key));
            }
        });
        for (String key : properties.stringPropertyNames()) {
            String unprofiled = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (FORBIDDEN_SETTINGS.contains(unprofiled)) {
                problems.add(key + " is set: migrations are forward-only");
            }
            String required = REQUIRED_SETTINGS.get(unprofiled);
            if (!key.equals(unprofiled) && required != null && !required.equals(properties.getProperty(key))) {
                problems.add(key + " must be " + required + ", is " + properties.getProperty(key));
            }
        }
        return problems;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
