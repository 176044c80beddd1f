package io.laas.k8s.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each service's src/main/docker/Dockerfile.jvm and Dockerfile.native fit its build: pinned Quarkus base images, a
 * non-root user, its public and management ports exposed, COPY sources that the build produces, and the image
 * {@code laas/<service>:<version>} the manifests deploy.
 */
class DockerfilesTest {

    static final List<String> SERVICES = Overlay.SERVICES;
    private static final Map<String, String> BASE_IMAGES = Map.of(
            "Dockerfile.jvm", "registry.access.redhat.com/ubi9/openjdk-17-runtime:",
            "Dockerfile.native", "quay.io/quarkus/ubi9-quarkus-micro-image:");
    private static final Map<String, String> USERS = Map.of("Dockerfile.jvm", "185", "Dockerfile.native", "1001");

    @ParameterizedTest
    @FieldSource("SERVICES")
    void bothImagesArePinnedNonRootAndExposeTheServicesPorts(String service) {
        Properties properties = applicationProperties(service);
        List<Integer> ports = List.of(Integer.parseInt(properties.getProperty("quarkus.http.port")),
                Integer.parseInt(properties.getProperty("quarkus.management.port")));
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            Dockerfile dockerfile = Dockerfile.read(docker(service).resolve(name));
            String base = dockerfile.baseImage();

            assertTrue(base.startsWith(BASE_IMAGES.get(name)), service + " " + name + ": FROM " + base);
            String tag = base.substring(BASE_IMAGES.get(name).length());
            assertFalse(tag.isEmpty() || tag.equals("latest"), service + " " + name + ": base image tag '" + tag + "'");
            assertEquals(USERS.get(name), dockerfile.user(), service + " " + name + ": USER");
            assertNotEquals("0", dockerfile.user());
            assertEquals(ports, dockerfile.exposedPorts(), service + " " + name + ": EXPOSE");
        }
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theJvmImageCopiesWhatPackageBuilt(String service) {
        Path module = Rendering.REPOSITORY.resolve(service);
        assumeTrue(Files.isDirectory(module.resolve("target/quarkus-app")),
                service + " is not packaged (the reactor packages it before this module)");
        List<String> sources = Dockerfile.read(docker(service).resolve("Dockerfile.jvm")).copySources();

        assertEquals(List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
                "target/quarkus-app/quarkus/"), sources);
        for (String source : sources) {
            assertTrue(matches(module, source), service + ": COPY " + source + " matches nothing the build produced");
        }
        assertTrue(Files.isRegularFile(module.resolve("target/quarkus-app/quarkus-run.jar")),
                service + ": JAVA_APP_JAR /deployments/quarkus-run.jar");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theNativeImageCopiesTheRunnerQuarkusNames(String service) {
        List<String> sources = Dockerfile.read(docker(service).resolve("Dockerfile.native")).copySources();
        String runner = "target/" + artifactId(service) + "-" + OverlaysTest.projectVersion() + "-runner";

        assertEquals(1, sources.size(), service + ": " + sources);
        assertTrue(FileSystems.getDefault().getPathMatcher("glob:" + sources.get(0)).matches(Path.of(runner)),
                service + ": COPY " + sources.get(0) + " does not match " + runner);
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void theBuildNamesTheImageTheManifestsDeploy(String service) {
        Properties properties = applicationProperties(service);
        String version = OverlaysTest.projectVersion();
        String tag = properties.getProperty("quarkus.container-image.tag")
                .replace("${quarkus.application.version}", version);
        String built = properties.getProperty("quarkus.container-image.group") + "/"
                + properties.getProperty("quarkus.container-image.name") + ":" + tag;
        Overlay withoutImageEntries = new Overlay("build", List.of(), version, Map.of());

        assertEquals(withoutImageEntries.expectedImage(service), built);
        assertEquals("laas/" + service + ":" + version, built);
        assertTrue(read(Rendering.REPOSITORY.resolve(service).resolve("pom.xml"))
                .contains("<artifactId>quarkus-container-image-docker</artifactId>"), service + ": the build's extension");
        assertFalse(properties.containsKey("quarkus.container-image.build"), "images are built only when asked");
    }

    private static boolean matches(Path module, String source) {
        String pattern = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> files = Files.walk(module.resolve("target"))) {
            return files.map(module::relativize).anyMatch(matcher::matches);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path docker(String service) {
        return Rendering.REPOSITORY.resolve(service).resolve("src/main/docker");
    }

    private static String artifactId(String service) {
        String pom = read(Rendering.REPOSITORY.resolve(service).resolve("pom.xml"));
        int afterParent = pom.indexOf("</parent>");
        int start = pom.indexOf("<artifactId>", afterParent) + "<artifactId>".length();
        return pom.substring(start, pom.indexOf("</artifactId>", start));
    }

    /** The service's application.properties without profile-specific lines ({@code %dev.} ...). */
    private static Properties applicationProperties(String service) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(read(
                    Rendering.REPOSITORY.resolve(service).resolve("src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String read(Path file) {
        return Rendering.read(file);
    }
}
