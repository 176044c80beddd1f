package io.laas.system;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the tests check files of: {@code laas.repo.root} if set, else the first ancestor holding {@code mvnw} and {@code docs}. */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path path() {
        String configured = System.getProperty("laas.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }
}
