package io.laas.system;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.laas.local.PostgresServer;

/**
 * What some tenants have in the database (a digest of their rows in every table of the four services' schemas)
 * and what was published about them on the outbox topics: taken before and after requests that must change
 * nothing. Read as PostgreSQL's superuser, whom row-level security never hides a row from.
 */
final class TenantState {

    static final List<String> SCHEMAS = List.of("iam", "ledger", "projector", "webhook");

    /**
     * Tables with no tenant rows of their own, read whole. Nothing else in the stack writes them while a test
     * runs (a rotation is started by the operator or once the active key is 30 days old; an epoch by a restore), so any change is one of
     * the test's requests.
     */
    private static final Set<String> WHOLE_TABLES = Set.of("iam.signing_keys",
            // the event log's epochs: only a restore (start-epoch.sql) writes them
            "ledger.epochs", "projector.epochs", "webhook.epochs");

    /**
     * Columns left out of a table's digest, each with its reason. A session's last use and idle end move with
     * every exchange of its cookie at IAM, which a request with the cookie makes whether or not the request is
     * then refused: the refusal is the point, the session is the caller's own.
     */
    private static final Map<String, Set<String>> VOLATILE_COLUMNS = Map.of(
            "iam.sessions", Set.of("last_seen_at", "idle_expires_at"));

    /** The ids a tenant's rows are found by. */
    record Tenants(Set<UUID> organizations, Set<UUID> projects, Set<UUID> ledgers, Set<UUID> users) {

        Set<String> ids() {
            Set<String> ids = new java.util.HashSet<>();
            for (Set<UUID> set : List.of(organizations, projects, ledgers, users)) {
                set.forEach(id -> ids.add(id.toString()));
            }
            return ids;
        }
    }

    private final PostgresServer postgres;
    private final String bootstrapServers;

    TenantState() {
        this.postgres = RunningStack.get().infra().postgres();
        this.bootstrapServers = RunningStack.get().infra().kafka().bootstrapServers();
    }

    private Connection connect() throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + postgres.database();
        return DriverManager.getConnection(url, PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD);
    }

    /**
     * Per table ({@code schema.table}): how many rows of the tenants it holds and a digest of their content.
     * Every table of the four schemas is covered, read whole, or an outbox (whose rows the relays delete within
     * moments: see {@link #outboxEnds()}); a table that is none of these fails, so that a new table is not
     * silently left out.
     */
    Map<String, String> digest(Tenants tenants) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            Map<String, List<String>> columns = columns(statement);
            Map<String, String> digests = new TreeMap<>();
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                String name = table.getKey();
                if (isOutbox(name) || name.contains("schema_history")) {
                    continue;
                }
                String where;
                if (WHOLE_TABLES.contains(name)) {
                    where = "true";
                } else {
                    where = predicate(name, columns, tenants, 0)
                            .orElseThrow(() -> new AssertionError("No rule finds the tenant rows of " + name
                                    + ": give it a tenant column, or list it in TenantState with the reason"));
                }
                Set<String> skipped = VOLATILE_COLUMNS.getOrDefault(name, Set.of());
                String row = table.getValue().stream().filter(c -> !skipped.contains(c)).map(c -> "t.\"" + c + "\"")
                        .collect(Collectors.joining(", ", "ROW(", ")::text"));
                String sql = "SELECT count(*), coalesce(md5(string_agg(r, '|' ORDER BY r)), '') FROM (SELECT " + row
                        + " AS r FROM " + qualified(name) + " t WHERE " + where + ") s";
                try (ResultSet result = statement.executeQuery(sql)) {
                    result.next();
                    digests.put(name, result.getLong(1) + ":" + result.getString(2));
                }
            }
            return digests;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows still waiting in the services' outboxes. */
    long pendingOutboxRows() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            long pending = 0;
            for (String table : columns(statement).keySet()) {
                if (isOutbox(table)) {
                    try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + qualified(table))) {
                        result.next();
                        pending += result.getLong(1);
                    }
                }
            }
            return pending;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the stack is quiet for these tenants: every outbox relayed and the digest unchanged over half a
     * second (the projector, the relays and the webhook dispatcher work in the background).
     */
    Map<String, String> settled(Tenants tenants) {
        AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
        AtomicReference<Map<String, String>> stable = new AtomicReference<>();
        await("the stack settles").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (pendingOutboxRows() > 0) {
                return false;
            }
            Map<String, String> now = digest(tenants);
            if (now.equals(last.getAndSet(now))) {
                stable.set(now);
                return true;
            }
            return false;
        });
        return stable.get();
    }

    /** The end offsets of every outbox topic ({@code outbox.event.*}). */
    Map<TopicPartition, Long> outboxEnds() {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return consumer.endOffsets(outboxPartitions(consumer));
        }
    }

    /** The records published on the outbox topics since {@code ends} (a topic created since is read whole). */
    List<String> outboxRecordsSince(Map<TopicPartition, Long> ends) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = outboxPartitions(consumer);
            Map<TopicPartition, Long> now = consumer.endOffsets(partitions);
            List<TopicPartition> grown = partitions.stream().filter(p -> now.get(p) > ends.getOrDefault(p, 0L))
                    .toList();
            List<String> records = new ArrayList<>();
            if (grown.isEmpty()) {
                return records;
            }
            consumer.assign(grown);
            grown.forEach(p -> consumer.seek(p, ends.getOrDefault(p, 0L)));
            Map<TopicPartition, Long> position = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (grown.stream().anyMatch(p -> position.getOrDefault(p, ends.getOrDefault(p, 0L)) < now.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read the outbox topics up to " + now);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    position.put(partition, record.offset() + 1);
                    if (record.offset() < now.get(partition)) {
                        records.add(record.topic() + " " + record.key() + " " + record.value());
                    }
                }
            }
            return records;
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private static List<TopicPartition> outboxPartitions(KafkaConsumer<String, String> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics(Duration.ofSeconds(10)).entrySet()) {
            if (topic.getKey().startsWith("outbox.event.")) {
                topic.getValue().forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        return partitions;
    }

    private static boolean isOutbox(String table) {
        return table.endsWith(".outbox");
    }

    private static String qualified(String table) {
        int dot = table.indexOf('.');
        return "\"" + table.substring(0, dot) + "\".\"" + table.substring(dot + 1) + "\"";
    }

    /** Base tables of the four schemas, each with its columns in order. */
    private static Map<String, List<String>> columns(Statement statement) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        String schemas = SCHEMAS.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
        try (ResultSet result = statement.executeQuery("SELECT c.table_schema, c.table_name, c.column_name "
                + "FROM information_schema.columns c JOIN information_schema.tables t "
                + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' "
                + "WHERE c.table_schema IN (" + schemas + ") ORDER BY 1, 2, c.ordinal_position")) {
            while (result.next()) {
                columns.computeIfAbsent(result.getString(1) + "." + result.getString(2), t -> new ArrayList<>())
                        .add(result.getString(3));
            }
        }
        return columns;
    }

    /**
     * The rows of a table that are the tenants': by its ledger, organisation, project or person column, by its
     * own id for the tables of those, or through a {@code <thing>_id} column naming a row of {@code <thing>s} in
     * the same schema that is itself the tenants' (a delivery by its endpoint, an entry by its account).
     */
    private static Optional<String> predicate(String table, Map<String, List<String>> columns, Tenants tenants,
            int depth) {
        List<String> own = columns.get(table);
        if (own == null || depth > 2) {
            return Optional.empty();
        }
        if (table.equals("iam.revoked_tokens")) {
            // by the credential the token was issued to (its client_id: a client's, an API key's id, a person's id):
            // IAM deletes the rows of other tests' tokens in the background once they expire, and the tenants'
            // tokens outlive the test
            return Optional.of("t.client_id IN (SELECT c.client_id FROM iam.oauth_clients c WHERE c.org_id IN "
                    + list(tenants.organizations()) + " UNION SELECT k.id::text FROM iam.api_keys k "
                    + "WHERE k.project_id IN " + list(tenants.projects())
                    + " UNION SELECT u.id::text FROM iam.users u WHERE u.id IN " + list(tenants.users()) + ")");
        }
        String name = table.substring(table.indexOf('.') + 1);
        switch (name) {
            case "organizations":
                return Optional.of("t.id IN " + list(tenants.organizations()));
            case "users":
                return Optional.of("t.id IN " + list(tenants.users()));
            case "ledgers":
                return Optional.of("t.id IN " + list(tenants.ledgers()));
            case "projects":
                return Optional.of("t.id IN " + list(tenants.projects()));
            default:
                break;
        }
        Map<String, Collection<UUID>> direct = new LinkedHashMap<>();
        direct.put("ledger_id", tenants.ledgers());
        direct.put("organization_id", tenants.organizations());
        direct.put("org_id", tenants.organizations());
        direct.put("project_id", tenants.projects());
        direct.put("user_id", tenants.users());
        for (Map.Entry<String, Collection<UUID>> column : direct.entrySet()) {
            if (own.contains(column.getKey())) {
                return Optional.of("t.\"" + column.getKey() + "\" IN " + list(column.getValue()));
            }
        }
        String schema = table.substring(0, table.indexOf('.'));
        for (String column : own) {
            if (column.endsWith("_id")) {
                String parent = schema + "." + column.substring(0, column.length() - 3) + "s";
                Optional<String> parentRows = predicate(parent, columns, tenants, depth + 1);
                if (parentRows.isPresent()) {
                    return Optional.of("t.\"" + column + "\" IN (SELECT t.id FROM " + qualified(parent) + " t WHERE "
                            + parentRows.get() + ")");
                }
            }
        }
        return Optional.empty();
    }

    private static String list(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return "(NULL)";
        }
        return ids.stream().map(id -> "'" + id + "'::uuid").collect(Collectors.joining(", ", "(", ")"));
    }
}
