package io.laas.k8s.validation;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KustomizeTest {

    @Test
    void theInstalledBinaryIsTheOfficialKustomize454() {
        String version = Rendering.kustomize().version();

        assertTrue(version.contains("Version:kustomize/v4.5.4"), version);
        assertTrue(version.contains("GitCommit:cf3a452ddd6f83945d39d582243b8592ec627ae3"), version);
        assertTrue(version.contains("BuildDate:2022-03-28"), version);
    }

    @Test
    void aKustomizationThatDoesNotRenderFailsWithKustomizesError() {
        Kustomize.RenderException failure = assertThrows(Kustomize.RenderException.class,
                () -> Rendering.kustomize().build(Rendering.FIXTURES.resolve("broken")));

        assertTrue(failure.getMessage().contains("missing.yaml"), failure::getMessage);
    }
}
