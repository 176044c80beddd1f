package io.laas.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.laas.local.LocalStack;
import io.laas.local.PostgresServer;
import io.laas.local.ServiceProcess;

/**
 * The four services that keep a schema of their own, started as extra processes against a database other than the
 * stack's: a consumer group of their own and no outbox relay, so that they neither take the stack's events nor
 * publish to its topics.
 */
enum SchemaService {

    IAM("iam-service", "iam", "MP_MESSAGING_INCOMING_AUDIT_EVENTS_GROUP_ID"),
    LEDGER("ledger-command-service", "ledger", "MP_MESSAGING_INCOMING_LEDGER_REGISTRY_GROUP_ID"),
    PROJECTOR("projector-service", "projector", "MP_MESSAGING_INCOMING_LEDGER_EVENTS_GROUP_ID"),
    WEBHOOK("webhook-service", "webhook", "MP_MESSAGING_INCOMING_LEDGER_EVENTS_GROUP_ID");

    final String service;
    final String schema;
    private final String consumerGroupVariable;

    SchemaService(String service, String schema, String consumerGroupVariable) {
        this.service = service;
        this.schema = schema;
        this.consumerGroupVariable = consumerGroupVariable;
    }

    static List<String> schemas() {
        return List.of(values()).stream().map(s -> s.schema).toList();
    }

    /**
     * Starts a process of this service on {@code database} in the Kafka consumer group {@code consumerGroup} and waits
     * until it is ready (its migrations done).
     */
    ServiceProcess start(LocalStack stack, String name, String consumerGroup, String database, Map<String, String> credentials) {
        Map<String, String> env = new LinkedHashMap<>(credentials);
        env.put("LAAS_DB_NAME", database);
        env.put("LAAS_OUTBOX_RELAY_ENABLED", "false");
        env.put(consumerGroupVariable, consumerGroup);
        // several JVMs start at once beside the stack: on a small machine the first connection of Flyway's pool may
        // take longer than Agroal's 5 s default
        env.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60S");
        try {
            return stack.startReplica(service, name, env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // SQL on the stack's PostgreSQL
    // -------------------------------------------------------------------------------------------------------------

    static Connection connect(LocalStack stack, String database, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.infra().postgres().port() + "/" + database,
                user, password);
    }

    static Connection superuser(LocalStack stack, String database) throws SQLException {
        return connect(stack, database, PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD);
    }

    static List<String> column(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    static void dropDatabase(LocalStack stack, String database) throws SQLException {
        try (Connection connection = superuser(stack, "postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        }
    }

    /**
     * The schemas' catalogue, one line per object, sorted, without owners or object ids: relations and their kind,
     * columns with type, nullability and default, constraints, indexes, row-level security and policies, functions,
     * triggers. Two databases migrated the same way describe alike.
     */
    static List<String> catalogue(Connection connection, List<String> schemas) throws SQLException {
        String in = schemas.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + ", " + b).orElseThrow();
        List<String> lines = new ArrayList<>();
        lines.addAll(column(connection, """
                SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text
                       || ' rls=' || c.relrowsecurity || ' force=' || c.relforcerowsecurity
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN (%s)
                """.formatted(in)));
        lines.addAll(column(connection, """
                SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || a.attnum || ' '
                       || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull
                       || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE n.nspname IN (%s) AND a.attnum > 0 AND NOT a.attisdropped
                """.formatted(in)));
        lines.addAll(column(connection, """
                SELECT 'constraint ' || n.nspname || '.' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN (%s)
                """.formatted(in)));
        lines.addAll(column(connection, """
                SELECT 'index ' || pg_get_indexdef(i.indexrelid)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN (%s)
                """.formatted(in)));
        lines.addAll(column(connection, """
                SELECT 'policy ' || schemaname || '.' || tablename || ' ' || policyname || ' ' || cmd || ' '
                       || coalesce(qual, '-') || ' ' || coalesce(with_check, '-')
                FROM pg_policies WHERE schemaname IN (%s)
                """.formatted(in)));
        lines.addAll(column(connection, """
                SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid)
                       || ') ' || md5(pg_get_functiondef(p.oid))
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN (%s)
                """.formatted(in)));
        lines.addAll(column(connection, """
                SELECT 'trigger ' || pg_get_triggerdef(t.oid)
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN (%s) AND NOT t.tgisinternal
                """.formatted(in)));
        lines.sort(null);
        return lines;
    }
}
