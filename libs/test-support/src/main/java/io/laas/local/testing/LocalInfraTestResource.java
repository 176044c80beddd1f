package io.laas.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.laas.local.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one real PostgreSQL and one real Kafka broker per test JVM and hands their addresses to
 * Quarkus. Quarkus loads test classes in several class loaders, so a static field would not be shared:
 * the running instance is published through system properties instead, and a later start (another
 * test profile, another class loader) reuses it. The servers stop when the JVM exits.
 */
public class LocalInfraTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String PREFIX = "laas.test.infra.";

    @Override
    public synchronized Map<String, String> start() {
        synchronized (System.getProperties()) {
            if (System.getProperty(PREFIX + "kafka.bootstrap.servers") == null) {
                LocalInfra infra = startInfra();
                Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "laas-test-infra-stop"));
                infra.serviceConfig().forEach((key, value) -> System.setProperty(PREFIX + key, value));
            }
            Map<String, String> config = new LinkedHashMap<>();
            System.getProperties().stringPropertyNames().stream()
                    .filter(name -> name.startsWith(PREFIX))
                    .forEach(name -> config.put(name.substring(PREFIX.length()), System.getProperty(name)));
            return config;
        }
    }

    private static LocalInfra startInfra() {
        try {
            Path base = Files.createDirectories(Path.of("target")).resolve("laas-test-infra");
            return LocalInfra.start(base, true, 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the test PostgreSQL and Kafka", e);
        }
    }

    @Override
    public void stop() {
        // Shared by every Quarkus application of this JVM; stopped by the shutdown hook.
    }
}
