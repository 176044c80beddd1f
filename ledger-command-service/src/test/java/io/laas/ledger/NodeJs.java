package io.laas.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Node, when it is on the PATH: the ECMAScript reference that RFC 8785 builds on, and the verifier's runtime. */
public final class NodeJs {

    /** How a run ended, with its standard output and error together. */
    public record Run(int exit, String output) {
    }

    private NodeJs() {
    }

    public static boolean available() {
        try {
            return run(Path.of("."), Map.of(), "--version").exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code node args…} in {@code dir} with these environment variables (a {@code null} value removes one). */
    public static Run run(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("node did not end: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Run(process.exitValue(), output);
    }
}
