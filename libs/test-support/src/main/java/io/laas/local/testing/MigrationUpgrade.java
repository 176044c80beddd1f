package io.laas.local.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An upgrade from an earlier release of a service's schema. A database of its own on the test PostgreSQL gets the
 * service's migrations up to that release only, then the rows that release's code wrote (a SQL script: the traffic
 * before the upgrade). The service under test is then pointed at that database, and its own migrate-at-start takes
 * the schema to the latest version, exactly as a rolling update does in production.
 * <p>
 * As a Quarkus test resource (declare it with {@code restrictToAnnotatedClass = true}, beside
 * {@link LocalInfraTestResource}) it reads these arguments, paths relative to the module:
 * {@code schema} (the service's schema), {@code seed} (the script), {@code version} (the release, {@code 1} unless
 * given), {@code migrations} ({@code src/main/resources/db/migration} unless given) and {@code database}
 * ({@code laas_upgrade_<schema>} unless given). {@link EarlierReleaseSchema} does the same for a test that starts
 * the services itself.
 */
public class MigrationUpgrade implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        String schema = required("schema");
        String database = args.getOrDefault("database", "laas_upgrade_" + schema);
        Map<String, String> infra = new LocalInfraTestResource().start();
        int port = Integer.parseInt(infra.get("laas.db.port"));
        EarlierReleaseSchema.prepareDatabase(port, infra.get("laas.db.username"), infra.get("laas.db.password"),
                database, schema, Path.of(args.getOrDefault("migrations", "src/main/resources/db/migration")),
                args.getOrDefault("version", "1"), Path.of(required("seed")));
        // the URLs themselves, not laas.db.name, which the shared test resource sets as well
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url",
                "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?currentSchema=" + schema);
        config.put("quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + port + "/" + database + "?search_path=" + schema);
        config.put("quarkus.datasource.batch.reactive.url",
                "postgresql://127.0.0.1:" + port + "/" + database + "?search_path=" + schema);
        return config;
    }

    private String required(String name) {
        String value = args.get(name);
        if (value == null) {
            throw new IllegalArgumentException("MigrationUpgrade needs the argument " + name);
        }
        return value;
    }

    @Override
    public void stop() {
        // the database stays for inspection; the whole test PostgreSQL goes when the JVM exits
    }
}
