package io.laas.k8s.validation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the tests share: the module's kustomize and schemas (loaded once), and the fixtures under test resources. */
final class Rendering {

    /** The project version the fixtures' images carry (the real overlays use the root pom's). */
    static final String FIXTURE_VERSION = "1.0.0";
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path REPOSITORY = Path.of(System.getProperty("laas.repository.root", "../../..")).toAbsolutePath().normalize();
    static final Path FIXTURES = MODULE.resolve("src/test/resources/fixtures");

    private static Kustomize kustomize;
    private static SchemaCatalog schemas;
    private static List<Manifest> fixtures;

    private Rendering() {
    }

    static synchronized Kustomize kustomize() {
        if (kustomize == null) {
            kustomize = Kustomize.installedIn(MODULE);
        }
        return kustomize;
    }

    static synchronized SchemaCatalog schemas() {
        if (schemas == null) {
            schemas = SchemaCatalog.load(MODULE.resolve("schemas"));
        }
        return schemas;
    }

    /** Renders {@code directory} (an overlay) into an {@link Overlay} whose services' images carry {@code version}. */
    static Overlay render(Path directory, String version) {
        List<Manifest> objects = kustomize().build(directory);
        Manifest kustomization = Manifest.parseAll(read(directory.resolve("kustomization.yaml"))).get(0);
        return Overlay.of(directory.getFileName().toString(), objects, version, kustomization);
    }

    /**
     * The fixture overlay {@code name}: its objects out of one rendering of every fixture (fixtures/overlays, each
     * overlay in the namespace named after it), which keeps the module fast (kustomize takes about a second a run).
     */
    static Overlay fixture(String name) {
        Path directory = FIXTURES.resolve("overlays").resolve(name);
        List<Manifest> objects = allFixtures().stream().filter(object -> object.namespace().equals(name)).toList();
        Manifest kustomization = Manifest.parseAll(read(directory.resolve("kustomization.yaml"))).get(0);
        return Overlay.of(name, objects, FIXTURE_VERSION, kustomization);
    }

    private static synchronized List<Manifest> allFixtures() {
        if (fixtures == null) {
            fixtures = kustomize().build(FIXTURES.resolve("overlays"));
        }
        return fixtures;
    }

    /** Every schema finding of every object of {@code overlay}. */
    static List<String> schemaFindings(Overlay overlay) {
        return overlay.objects().stream().flatMap(object -> schemas().validate(object).stream()).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
