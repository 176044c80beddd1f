package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.bootstrapServers;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.header;
import static io.laas.ledger.LedgerFixtures.readTopic;
import static io.laas.ledger.LedgerFixtures.rows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.laas.kafka.KafkaClientSettings;
import io.laas.local.KafkaBroker;
import io.laas.local.LocalInfra;
import io.laas.outbox.BlockedAggregate;
import io.laas.outbox.OutboxConfig;
import io.laas.outbox.OutboxEvent;
import io.laas.outbox.OutboxRelay;
import io.laas.outbox.OutboxWriter;
import io.laas.outbox.RelayStatus;
import io.laas.tenancy.LedgerScope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The relay's failure paths, on relay instances built by the test over outbox tables of their own (same
 * columns as the services' migrations) and topics of their own, so that each case controls its
 * configuration, its broker and every row it sees.
 */
@QuarkusTest
class OutboxRelayFaultTest {

    private static final String AGGREGATE_TYPE = "ledger";

    @Inject
    Pool pool;

    /** The relay's own datasource (cross-ledger work, not bound by row-level security). */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool batch;

    @Inject
    Vertx vertx;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable resource : cleanup) {
            resource.close();
        }
        cleanup.clear();
    }

    @Test
    void nothingIsLostAndEachAggregateKeepsItsOrderWhenTheBrokerGoesDownAndComesBack() throws Exception {
        Path brokerDir = Files.createTempDirectory(Path.of("target"), "relay-broker");
        int port = LocalInfra.freePortPair();
        KafkaBroker[] broker = { KafkaBroker.start(port, port + 1, brokerDir, true) };
        cleanup.add(() -> broker[0].close());
        String bootstrap = broker[0].bootstrapServers();
        String table = newTable();
        String prefix = newTopicPrefix();
        TestRelay relay = relay(config(table, prefix, Map.of(
                "laas.outbox.relay.send-timeout", "2s",
                "laas.outbox.relay.ack-wait", "300ms",
                "laas.outbox.relay.retry-backoff", "200ms",
                "laas.outbox.relay.retry-backoff-max", "1s",
                "laas.outbox.relay.kafka-unreachable-after", "1s")), bootstrap);
        relay.relay().start();

        insertInterleaved(table, List.of("ledger-a", "ledger-b"), 1, 10);
        relay.relay().wake();
        awaitEmpty(table);

        broker[0].close();
        insertInterleaved(table, List.of("ledger-a", "ledger-b"), 11, 20);
        relay.relay().wake();
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.relay().status().kafkaUnreachableSince().isPresent());
        assertEquals(20L, count(pool, "SELECT count(*) FROM " + table), "nothing leaves the outbox while Kafka is away");
        assertTrue(relay.relay().status().kafkaError().isPresent());

        broker[0] = KafkaBroker.start(port, port + 1, brokerDir, false);
        awaitEmpty(table);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            RelayStatus status = relay.relay().status();
            return status.blockedAggregates().isEmpty() && status.kafkaUnreachableSince().isEmpty();
        });

        List<ConsumerRecord<String, String>> records = readTopic(bootstrap, prefix + AGGREGATE_TYPE);
        Map<String, List<Integer>> expected = Map.of("ledger-a", sequence(1, 20), "ledger-b", sequence(1, 20));
        assertEquals(expected, sequencesByAggregate(records));
        assertEquals(40, records.size(), "each event once");
    }

    @Test
    void aBatchAcknowledgedInPartHasItsAcknowledgedRowsDeletedAndNeverSentAgainAndTheRestFollows() {
        String table = newTable();
        String prefix = newTopicPrefix();
        // A 4 KiB request limit makes one row unpublishable; the producer rejects it in the send callback.
        TestRelay relay = relay(config(table, prefix, Map.of(
                "laas.outbox.relay.producer.\"max.request.size\"", "4096",
                "laas.outbox.relay.retry-backoff", "100ms",
                "laas.outbox.relay.retry-backoff-max", "200ms")), bootstrapServers());
        UUID a1 = insert(table, "a", 1, 0);
        UUID a2 = insert(table, "a", 2, 0);
        UUID b1 = insert(table, "b", 1, 8_192);
        UUID c1 = insert(table, "c", 1, 0);
        UUID b2 = insert(table, "b", 2, 0);
        UUID a3 = insert(table, "a", 3, 0);
        UUID c2 = insert(table, "c", 2, 0);

        assertEquals(2, relay.relayOnce(), "a1 and a2 are acknowledged; nothing after the failed b1 is handed over");
        assertEquals(List.of(b1, c1, b2, a3, c2), idsIn(table));
        BlockedAggregate blockage = relay.relay().status().blockedAggregates().get(0);
        assertEquals("b", blockage.aggregateId());
        assertEquals(b1, blockage.eventId());
        assertTrue(blockage.error().startsWith("RecordTooLargeException"), blockage.error());
        assertEquals(1.0, relay.blockedGauge());

        assertEquals(3, relay.relayOnce(), "the other aggregates go on while b waits");
        assertEquals(List.of(b1, b2), idsIn(table));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            relay.relayOnce();
            return relay.relay().status().blockedAggregates().get(0).attempts() >= 3;
        });
        assertEquals(List.of(b1, b2), idsIn(table), "b2 is never sent before b1");
        assertEquals(5, readTopic(bootstrapServers(), prefix + AGGREGATE_TYPE).size(),
                "acknowledged rows are not sent again by the later batches");

        rows(pool, "UPDATE " + table + " SET payload = $2::text::jsonb WHERE id = $1", b1, payload("b", 1, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            relay.relayOnce();
            return idsIn(table).isEmpty();
        });

        List<ConsumerRecord<String, String>> records = readTopic(bootstrapServers(), prefix + AGGREGATE_TYPE);
        assertEquals(Set.of(a1, a2, a3, b1, b2, c1, c2),
                records.stream().map(r -> UUID.fromString(header(r, "id"))).collect(Collectors.toSet()));
        assertEquals(7, records.size(), "each event once");
        assertEquals(Map.of("a", sequence(1, 3), "b", sequence(1, 2), "c", sequence(1, 2)), sequencesByAggregate(records));
        assertEquals(0.0, relay.blockedGauge());
        assertEquals(7.0, relay.published());
    }

    @Test
    void twoRelaysOnOneTableTakeTurnsOnlyThroughTheLockAndPublishEachEventOnce() {
        String table = newTable();
        String prefix = newTopicPrefix();
        OutboxConfig config = config(table, prefix, Map.of());
        TestRelay first = relay(config, bootstrapServers());
        TestRelay second = relay(config, bootstrapServers());
        first.relay().start();
        second.relay().start();

        List<String> aggregates = List.of("l1", "l2", "l3", "l4", "l5");
        for (int round = 0; round < 10; round++) {
            insertInterleaved(table, aggregates, round * 3 + 1, round * 3 + 3);
            first.relay().wake();
            second.relay().wake();
        }
        awaitEmpty(table);

        assertEquals(150.0, first.published() + second.published());
        assertEquals(0.0, Math.min(first.published(), second.published()), "one relay published everything");
        TestRelay active = first.published() > 0 ? first : second;
        TestRelay standby = active == first ? second : first;
        assertEquals(RelayStatus.Role.ACTIVE, active.relay().status().role());
        assertEquals(RelayStatus.Role.STANDBY, standby.relay().status().role());

        active.relay().close();
        insertInterleaved(table, aggregates, 31, 33);
        standby.relay().wake();
        awaitEmpty(table);
        assertEquals(15.0, standby.published(), "the standby took over");

        List<ConsumerRecord<String, String>> records = readTopic(bootstrapServers(), prefix + AGGREGATE_TYPE);
        assertEquals(165, records.size(), "each event once");
        Map<String, List<Integer>> expected = new TreeMap<>();
        aggregates.forEach(aggregate -> expected.put(aggregate, sequence(1, 33)));
        assertEquals(expected, sequencesByAggregate(records));
    }

    @Test
    void inDeleteAfterWriteModeTheOutboxStaysEmptyAndTheRelayFindsNothing() {
        String table = newTable();
        String prefix = newTopicPrefix();
        OutboxConfig config = config(table, prefix, Map.of("laas.outbox.writer.delete-after-write", "true"));
        OutboxWriter writer = new OutboxWriter(config);
        TestRelay relay = relay(config, bootstrapServers());
        List<OutboxEvent> events = IntStream.rangeClosed(1, 3)
                .mapToObj(n -> new OutboxEvent(UUID.randomUUID(), AGGREGATE_TYPE, "debezium", "test.event", payload("debezium", n, 0)))
                .toList();

        Row written = pool.withTransaction(conn -> writer.appendAll(conn, events)
                .chain(() -> conn.preparedQuery("SELECT n_tup_ins, n_tup_del FROM pg_stat_xact_user_tables WHERE relname = $1")
                        .execute(Tuple.of(table))))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();

        assertEquals(3L, written.getLong("n_tup_ins"), "the INSERTs Debezium reads from the WAL happened");
        assertEquals(3L, written.getLong("n_tup_del"));
        assertEquals(0L, count(pool, "SELECT count(*) FROM " + table));
        assertEquals(0, relay.relayOnce());
        assertEquals(0.0, relay.published());
    }

    // --- fixtures ----------------------------------------------------------------------------------

    private record TestRelay(OutboxRelay relay, SimpleMeterRegistry registry) {

        int relayOnce() {
            return relay.relayOnce().await().atMost(Duration.ofSeconds(60));
        }

        double published() {
            return registry.get("laas.outbox.published").counter().count();
        }

        double blockedGauge() {
            return registry.get("laas.outbox.blocked.aggregates").gauge().value();
        }
    }

    private TestRelay relay(OutboxConfig config, String bootstrap) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OutboxRelay relay = new OutboxRelay(batch, vertx, config, registry,
                new KafkaClientSettings(Map.of("bootstrap.servers", bootstrap)), OpenTelemetry.noop(),
                "test-" + UUID.randomUUID());
        cleanup.add(relay::close);
        return new TestRelay(relay, registry);
    }

    private static OutboxConfig config(String table, String topicPrefix, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("laas.outbox.table", table);
        values.put("laas.outbox.topic-prefix", topicPrefix);
        values.put("laas.outbox.relay.interval", "50ms");
        values.putAll(overrides);
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(OutboxConfig.class)
                .withSources(new PropertiesConfigSource(values, "relay-test", 500))
                .build()
                .getConfigMapping(OutboxConfig.class);
    }

    /** An outbox table of the test's own, with the columns and index of the services' migrations. */
    private String newTable() {
        String table = "relay_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        rows(pool, "CREATE TABLE " + table + " (id uuid PRIMARY KEY, aggregatetype text NOT NULL, aggregateid text NOT NULL,"
                + " type text NOT NULL, payload jsonb NOT NULL, traceparent text, timestamp timestamptz NOT NULL DEFAULT now(),"
                + " position bigint GENERATED ALWAYS AS IDENTITY)");
        rows(pool, "CREATE INDEX ON " + table + " (position)");
        cleanup.add(() -> rows(pool, "DROP TABLE IF EXISTS " + table));
        return table;
    }

    private static String newTopicPrefix() {
        return "relay-test-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    private static String payload(String aggregate, int sequence, int fillerBytes) {
        return new JsonObject().put("aggregate", aggregate).put("seq", sequence).put("filler", "x".repeat(fillerBytes)).encode();
    }

    private UUID insert(String table, String aggregate, int sequence, int fillerBytes) {
        UUID id = UUID.randomUUID();
        rows(pool, "INSERT INTO " + table + " (id, aggregatetype, aggregateid, type, payload) VALUES ($1, $2, $3, 'test.event', $4::text::jsonb)",
                id, AGGREGATE_TYPE, aggregate, payload(aggregate, sequence, fillerBytes));
        return id;
    }

    /** Rows {@code from..to} of each aggregate, interleaved, in one transaction (one commit, as a group commit would). */
    private void insertInterleaved(String table, List<String> aggregates, int from, int to) {
        List<Tuple> rows = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            for (String aggregate : aggregates) {
                rows.add(Tuple.of(UUID.randomUUID(), AGGREGATE_TYPE, aggregate, payload(aggregate, n, 0)));
            }
        }
        pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO " + table
                + " (id, aggregatetype, aggregateid, type, payload) VALUES ($1, $2, $3, 'test.event', $4::text::jsonb)")
                .executeBatch(rows))
                .await().atMost(Duration.ofSeconds(10));
    }

    private List<UUID> idsIn(String table) {
        List<UUID> ids = new ArrayList<>();
        rows(pool, "SELECT id FROM " + table + " ORDER BY position").forEach(row -> ids.add(row.getUUID("id")));
        return ids;
    }

    private void awaitEmpty(String table) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(pool, "SELECT count(*) FROM " + table) == 0);
    }

    private static List<Integer> sequence(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    /** Per aggregate (the record key), the sequence numbers in the order they first appear on the topic. */
    private static Map<String, List<Integer>> sequencesByAggregate(List<ConsumerRecord<String, String>> records) {
        Map<String, List<Integer>> sequences = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            if (seen.add(header(record, "id"))) {
                sequences.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(new JsonObject(record.value()).getInteger("seq"));
            }
        }
        return sequences;
    }
}
