package io.laas.ledger;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.laas.local.testing.TestTokens;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Ledgers, accounts, tokens, Kafka and SQL helpers shared by the tests. Every ledger is fresh and random. The tests
 * look at the database as an observer of every ledger: the pools they pass are the batch datasource's, which
 * row-level security does not bind.
 */
public final class LedgerFixtures {

    public static final String REGISTRY_TOPIC = "outbox.event.registry";
    public static final String LEDGER_TOPIC = "outbox.event.ledger";

    private LedgerFixtures() {
    }

    public static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static String writeToken(UUID ledger) {
        return TestTokens.token(List.of(ledger), "ledger:write");
    }

    public static JsonObject ledgerCreated(UUID ledger, String currency) {
        return new JsonObject()
                .put("event_id", UUID.randomUUID().toString())
                .put("event_type", "ledger.created")
                .put("ledger_id", ledger.toString())
                .put("org_id", UUID.randomUUID().toString())
                .put("project_id", UUID.randomUUID().toString())
                .put("code", "ledger-" + ledger.toString().substring(0, 8))
                .put("name", "Test ledger")
                .put("currency", currency)
                .put("created_at", "2026-01-01T00:00:00Z");
    }

    /** Produces a record on the registry topic the way the IAM relay does (Debezium shape). */
    public static void produce(String topic, String key, String eventId, String eventType, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            if (eventId != null) {
                record.headers().add("id", eventId.getBytes(StandardCharsets.UTF_8));
            }
            if (eventType != null) {
                record.headers().add("eventType", eventType.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new ledger, learned by the service from a ledger.created record. */
    public static UUID ledger(Pool pool, String currency) {
        UUID ledger = UUID.randomUUID();
        return ledger(pool, currency, ledger.toString());
    }

    /**
     * A new ledger learned from a record with the given Kafka key: records with one key are consumed in
     * order, so once this ledger exists every earlier record with that key has been handled.
     */
    public static UUID ledger(Pool pool, String currency, String key) {
        UUID ledger = UUID.randomUUID();
        JsonObject event = ledgerCreated(ledger, currency);
        produce(REGISTRY_TOPIC, key, event.getString("event_id"), "ledger.created", event.encode());
        await().atMost(Duration.ofSeconds(60)).until(() -> count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", ledger) == 1);
        return ledger;
    }

    public static String createAccount(UUID ledger, String code, String type) {
        return given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "Account " + code, "type", type))
                .when().post("/v1/ledgers/{id}/accounts", ledger)
                .then().statusCode(201)
                .extract().path("id");
    }

    public static long count(Pool pool, String sql, Object... params) {
        return rows(pool, sql, params).iterator().next().getLong(0);
    }

    public static RowSet<Row> rows(Pool pool, String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10));
    }

    public static long lastSequence(Pool pool, UUID ledger) {
        return count(pool, "SELECT last_sequence FROM ledgers WHERE id = $1", ledger);
    }

    public static KafkaConsumer<String, String> consumer(String topic) {
        return consumer(bootstrapServers(), topic);
    }

    public static KafkaConsumer<String, String> consumer(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Polls the topic from the beginning until {@code expected} records match, or fails after 60 s. */
    public static List<ConsumerRecord<String, String>> awaitRecords(String topic, Predicate<ConsumerRecord<String, String>> filter,
            int expected) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(topic)) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (found.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (filter.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** Every record the topic holds right now (up to its end offsets), duplicates included. */
    public static List<ConsumerRecord<String, String>> readTopic(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(found::add);
            }
        }
        return found;
    }

    /** The value of an outbox relay meter of the service's own outbox table, from {@code /q/metrics}. */
    /** The value of one Prometheus series (name with its labels, as exposed), or 0 when it is not there yet. */
    public static double metric(String series) {
        String metrics = management().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    /** A metric of this service's outbox relay, which must be published. */
    public static double outboxMetric(String prometheusName) {
        String metrics = management().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains(prometheusName + "{table=\"outbox\"}"), prometheusName + " is published");
        return metric(prometheusName + "{table=\"outbox\"}");
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
