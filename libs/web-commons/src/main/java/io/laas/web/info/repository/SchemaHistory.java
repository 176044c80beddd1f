package io.laas.web.info.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.laas.web.info.MigrationVersions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** A service's Flyway history table: which migrations were applied to its schema. */
public class SchemaHistory {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final Pool pool;
    private final String query;

    /**
     * @param schema the service's schema ({@code quarkus.flyway.default-schema}), or empty for the connection's
     *        search path
     * @param table the history table ({@code quarkus.flyway.table})
     */
    public SchemaHistory(Pool pool, Optional<String> schema, String table) {
        this.pool = pool;
        String qualified = schema.map(s -> identifier(s) + ".").orElse("") + identifier(table);
        // every versioned migration that succeeded: repeatable ones have no version, failed ones are not applied
        this.query = "SELECT version FROM " + qualified + " WHERE success AND version IS NOT NULL";
    }

    /** The highest version applied; empty when none is (or the table does not exist yet, which fails). */
    public Uni<Optional<String>> latestVersion() {
        return pool.query(query).execute().map(rows -> {
            List<String> versions = new ArrayList<>();
            for (Row row : rows) {
                versions.add(row.getString(0));
            }
            return MigrationVersions.latest(versions);
        });
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain SQL identifier: " + name);
        }
        return "\"" + name + "\"";
    }
}
