package io.laas.web.info;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build of this service recorded: the Maven project version, the git commit it was built from and
 * when. The service's build writes {@value #RESOURCE} (maven-antrun-plugin, root pom); a build outside a git
 * checkout records the commit as {@value #UNKNOWN}, and a build without the resource (an IDE's) knows neither.
 */
public record BuildInfo(String version, String commit, String buildTime) {

    /** The generated resource; also listed in {@code quarkus.native.resources.includes}. */
    public static final String RESOURCE = "META-INF/laas/build-info.properties";
    public static final String UNKNOWN = "unknown";

    /**
     * @param fallbackVersion the version when the resource is missing ({@code quarkus.application.version},
     *        which Quarkus sets from the Maven project version too)
     */
    public static BuildInfo load(ClassLoader loader, String fallbackVersion) {
        Properties recorded = new Properties();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                recorded.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The build information " + RESOURCE + " cannot be read", e);
        }
        return of(recorded, fallbackVersion);
    }

    static BuildInfo of(Properties recorded, String fallbackVersion) {
        return new BuildInfo(
                value(recorded, "version", fallbackVersion == null ? UNKNOWN : fallbackVersion),
                value(recorded, "commit", UNKNOWN),
                value(recorded, "build_time", UNKNOWN));
    }

    private static String value(Properties recorded, String key, String fallback) {
        String value = recorded.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
