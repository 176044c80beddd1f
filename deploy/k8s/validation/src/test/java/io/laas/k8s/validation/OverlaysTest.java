package io.laas.k8s.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The real overlays: every directory under deploy/k8s/overlays renders, validates strictly and keeps every policy. */
class OverlaysTest {

    static final Path OVERLAYS = Rendering.REPOSITORY.resolve("deploy/k8s/overlays");

    @Test
    void theDevProdAndProdDebeziumOverlaysExist() {
        for (String overlay : List.of("dev", "prod", "prod-debezium")) {
            assertTrue(Files.isRegularFile(OVERLAYS.resolve(overlay).resolve("kustomization.yaml")), overlay);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyOverlayRendersValidatesAndKeepsEveryPolicy() throws IOException {
        if (!Files.isDirectory(OVERLAYS)) {
            return Stream.empty();
        }
        String version = projectVersion();
        List<Path> overlays;
        try (Stream<Path> children = Files.list(OVERLAYS)) {
            overlays = children.filter(child -> Files.isRegularFile(child.resolve("kustomization.yaml"))).sorted().toList();
        }
        return overlays.stream().map(overlay -> DynamicTest.dynamicTest(overlay.getFileName().toString(), () -> {
            Overlay rendered = Rendering.render(overlay, version);
            List<String> findings = new ArrayList<>(Rendering.schemaFindings(rendered));
            findings.addAll(Policies.check(rendered));
            assertEquals(List.of(), findings, () -> overlay.getFileName() + ":\n  " + String.join("\n  ", findings));
        }));
    }

    /** The version in the root pom.xml: the services' images are tagged with it. */
    static String projectVersion() {
        String pom = Rendering.read(Rendering.REPOSITORY.resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>laas-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(version.find(), "the root pom.xml names laas-parent's version");
        return version.group(1);
    }
}
