package io.laas.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * What every service's row-level security test asks of the database and of the sources: which tables of its schema
 * are not bound by a forced {@code ledger_isolation} policy, what the role of a datasource may bypass, and which main
 * classes name the batch datasource (whose role has {@code BYPASSRLS}).
 */
public final class RowLevelSecurityCatalog {

    /** The policy every tenant table carries. */
    public static final String POLICY = "ledger_isolation";

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern BATCH_DATASOURCE = Pattern.compile("BATCH_DATASOURCE|@ReactiveDataSource|\"batch\"|datasource\\.batch|laas_batch");

    private RowLevelSecurityCatalog() {
    }

    /** The role a datasource connects as. */
    public record Role(String name, boolean bypassesRowLevelSecurity, boolean superuser) {
    }

    /**
     * Each table of the pool's current schema that is not bound, with why: row-level security off, not forced (so
     * the tables' owner would pass), or no {@value #POLICY} policy.
     */
    public static Map<String, String> tablesNotBound(Pool pool) {
        Map<String, String> unbound = new TreeMap<>();
        for (Row row : pool.query("""
                SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                       EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = '%s') AS policy
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')""".formatted(POLICY))
                .execute().await().atMost(WAIT)) {
            String why = !row.getBoolean("relrowsecurity") ? "row-level security off"
                    : !row.getBoolean("relforcerowsecurity") ? "not forced"
                    : !row.getBoolean("policy") ? "no " + POLICY + " policy" : null;
            if (why != null) {
                unbound.put(row.getString("relname"), why);
            }
        }
        return unbound;
    }

    /** The tables of the pool's current schema. */
    public static Set<String> tables(Pool pool) {
        Set<String> tables = new TreeSet<>();
        pool.query("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')").execute().await().atMost(WAIT)
                .forEach(row -> tables.add(row.getString(0)));
        return tables;
    }

    public static Role role(Pool pool) {
        Row row = pool.query("SELECT rolname, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user")
                .execute().await().atMost(WAIT).iterator().next();
        return new Role(row.getString("rolname"), row.getBoolean("rolbypassrls"), row.getBoolean("rolsuper"));
    }

    /** The main classes of the module that name the batch datasource, as paths below {@code src/main/java}. */
    public static Set<String> batchDatasourceUsers() {
        Path sources = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> BATCH_DATASOURCE.matcher(read(file)).find())
                    .map(file -> sources.relativize(file).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
