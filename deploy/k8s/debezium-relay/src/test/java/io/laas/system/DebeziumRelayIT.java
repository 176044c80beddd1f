package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;

import io.laas.events.EventEnvelope;
import io.laas.events.EventEnvelopeReader;
import io.laas.local.LocalStack;
import io.laas.local.PostgresServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Debezium as a drop-in relay, with the real Debezium engine configured from deploy/k8s/components/debezium. First
 * it runs beside the built-in relays (the start of a switch) and produces the very records they produce; then the
 * producing services are restarted with their relays off and delete-after-write on, and Debezium alone relays:
 * the command service, the projector, the webhook service and the gateway take its records unchanged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebeziumRelayIT {

    private static final UUID SANDBOX = UUID.fromString("00000000-0000-0000-0000-000000000005");
    private static final UUID TEST_PROJECT = UUID.fromString("00000000-0000-0000-0000-000000000004");
    private static final UUID LIFECYCLE_PROJECT = UUID.fromString("00000000-0000-0000-0000-000000000060");
    private static final String API_KEY = "sk_test_12345678901234567890123456789012";
    private static final String DEBEZIUM_ROLE = "laas_debezium";
    private static final String DEBEZIUM_PASSWORD = "laas_debezium";
    private static final List<String> RELAYING_SERVICES = List.of("iam-service", "ledger-command-service",
            "webhook-service");
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private static LocalStack stack;
    private static ConnectorManifests manifests;
    private static EmbeddedDebezium debezium;
    private static KafkaConsumer<byte[], byte[]> outboxTopics;
    /** Every record read from the outbox topics, by event id (header id), the first of each. */
    private static final Map<String, ConsumerRecord<byte[], byte[]>> published = new LinkedHashMap<>();
    private static final EventEnvelopeReader reader = new EventEnvelopeReader(new ObjectMapper());

    @BeforeAll
    static void start() throws Exception {
        Path repoRoot = Path.of(System.getProperty("laas.repo.root", "../../..")).toAbsolutePath().normalize();
        Path dataDir = Files.createDirectories(Path.of("target", "stack"));
        Path tenants = dataDir.resolve("tenants.yml");
        try (InputStream in = DebeziumRelayIT.class.getResourceAsStream("/tenants.yml")) {
            Files.copy(in, tenants, StandardCopyOption.REPLACE_EXISTING);
        }
        long begin = System.nanoTime();
        stack = LocalStack.start(new LocalStack.Options(repoRoot, dataDir, true, LocalStack.Ports.free(), tenants,
                Map.of("LAAS_WEBHOOK_ALLOW_PRIVATE_TARGETS", "true")));
        System.out.printf("LaaS stack ready in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        RestAssured.baseURI = stack.gatewayUrl();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();

        manifests = ConnectorManifests.read(repoRoot);
        prepareDatabaseForDebezium();
        PostgresServer postgres = stack.infra().postgres();
        debezium = new EmbeddedDebezium(
                manifests.localConnectorConfig("127.0.0.1", postgres.port(), DEBEZIUM_ROLE, DEBEZIUM_PASSWORD),
                manifests.workerConfig());
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertNull(debezium.failure(), "the Debezium engine stopped");
            return slotIsStreaming();
        });

        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infra().kafka().bootstrapServers());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "debezium-relay-it");
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        outboxTopics = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        outboxTopics.subscribe(Pattern.compile("outbox\\.event\\.[a-z]+"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (outboxTopics != null) {
            outboxTopics.close();
        }
        if (debezium != null) {
            debezium.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * What the database part provides in Kubernetes, done here as the superuser: the connector's role (replication,
     * reads the outbox tables past row-level security), the heartbeat table, and the publication of the
     * {@code Publication} resource, built from that manifest.
     */
    private static void prepareDatabaseForDebezium() throws SQLException {
        try (Connection connection = superuser(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE ROLE " + DEBEZIUM_ROLE + " LOGIN REPLICATION BYPASSRLS PASSWORD '" + DEBEZIUM_PASSWORD + "'");
            sql.execute("CREATE SCHEMA debezium");
            sql.execute("CREATE TABLE debezium.heartbeat (id int PRIMARY KEY, beat timestamptz NOT NULL)");
            sql.execute("GRANT USAGE ON SCHEMA debezium TO " + DEBEZIUM_ROLE);
            sql.execute("GRANT SELECT, INSERT, UPDATE ON debezium.heartbeat TO " + DEBEZIUM_ROLE);
            for (String schema : List.of("iam", "ledger", "webhook")) {
                sql.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + DEBEZIUM_ROLE);
                sql.execute("GRANT SELECT ON " + schema + ".outbox TO " + DEBEZIUM_ROLE);
            }
            String with = manifests.publicationParameters().entrySet().stream()
                    .map(p -> p.getKey() + " = '" + p.getValue() + "'").collect(Collectors.joining(", "));
            sql.execute("CREATE PUBLICATION " + manifests.publicationName() + " FOR TABLE "
                    + String.join(", ", manifests.publicationTables()) + (with.isEmpty() ? "" : " WITH (" + with + ")"));
        }
    }

    @Test
    @Order(1)
    void besideTheBuiltInRelaysDebeziumProducesTheRecordsTheyProduce() {
        // events of the three outboxes: IAM's registry and credentials, the command service's ledger events,
        // the webhook service's audit
        String ledger = createLedger("equivalence");
        String token = lifecycleToken();
        createAccount(token, ledger, "cash", "asset");
        createAccount(token, ledger, "revenue", "revenue");
        List<String> transactions = new ArrayList<>();
        for (String amount : List.of("10.00", "2.50", "0.01")) {
            transactions.add(transfer(token, ledger, amount));
        }
        String revokedKey = createAndRevokeApiKey();
        given().auth().oauth2(API_KEY).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/unused", "event_types", List.of("transaction.posted"),
                        "description", "audited"))
                .post("/v1/webhook-endpoints").then().statusCode(201);

        // the built-in relays published them; Debezium produced the same, for every event of this ledger
        await().atMost(EVENTUALLY).pollInSameThread().pollInterval(Duration.ofMillis(200)).until(() -> {
            assertNull(debezium.failure(), "the Debezium engine stopped");
            readPublished();
            Set<String> relayed = idsWithKey(published.values().stream().map(r -> new Rec(r.topic(), r.key(), r.headers()))
                    .toList(), ledger);
            Set<String> captured = idsWithKey(debezium.records().stream().map(r -> new Rec(r.topic(), r.key(), r.headers()))
                    .toList(), ledger);
            return relayed.size() >= 6 && relayed.equals(captured)
                    && debezium.records().stream().allMatch(r -> published.containsKey(text(r.headers(), "id")));
        });

        Map<String, Integer> types = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> captured : debezium.records()) {
            ConsumerRecord<byte[], byte[]> relayed = published.get(text(captured.headers(), "id"));
            String what = text(captured.headers(), "eventType") + " " + text(captured.headers(), "id");
            assertEquals(relayed.topic(), captured.topic(), what);
            assertArrayEquals(relayed.key(), captured.key(), what);
            assertEquals(headerNames(relayed.headers()), headerNames(captured.headers()), what);
            assertArrayEquals(relayed.headers().lastHeader("id").value(), captured.headers().lastHeader("id").value(), what);
            assertArrayEquals(relayed.headers().lastHeader("eventType").value(),
                    captured.headers().lastHeader("eventType").value(), what);
            assertEquals(new String(relayed.value(), StandardCharsets.UTF_8), new String(captured.value(), StandardCharsets.UTF_8),
                    what);
            if (captured.topic().equals("outbox.event.ledger") || captured.topic().equals("outbox.event.registry")) {
                EventEnvelope fromRelay = reader.read(asString(relayed.topic(), relayed.key(), relayed.value(), relayed.headers()));
                EventEnvelope fromDebezium = reader.read(asString(captured.topic(), captured.key(), captured.value(),
                        captured.headers()));
                assertEquals(fromRelay, fromDebezium, what);
            }
            types.merge(captured.topic() + " " + text(captured.headers(), "eventType"), 1, Integer::sum);
        }
        System.out.println("Debezium records identical to the built-in relay's: " + types);
        assertTrue(types.getOrDefault("outbox.event.registry ledger.created", 0) >= 1, types.toString());
        assertTrue(types.getOrDefault("outbox.event.ledger account.created", 0) >= 2, types.toString());
        assertTrue(types.getOrDefault("outbox.event.ledger transaction.posted", 0) >= 3, types.toString());
        assertTrue(types.getOrDefault("outbox.event.credentials credential.revoked", 0) >= 1, types.toString());
        assertTrue(types.getOrDefault("outbox.event.audit audit.recorded", 0) >= 1, types.toString());
        assertNotNull(revokedKey);
        assertEquals(3, transactions.size());
    }

    @Test
    @Order(2)
    void withTheRelaysOffTheServicesTakeEveryEventFromDebezium() throws Exception {
        Map<String, Object> producer = new HashMap<>(manifests.workerConfig("producer."));
        producer.put("bootstrap.servers", stack.infra().kafka().bootstrapServers());
        debezium.forwardTo(producer);
        int forwardedBefore = debezium.records().size();
        // the switch: what applying overlays/prod-debezium does to the three Deployments
        Map<String, String> relayOff = Map.of("LAAS_OUTBOX_RELAY_ENABLED", "false",
                "LAAS_OUTBOX_WRITER_DELETE_AFTER_WRITE", "true");
        CompletableFuture.allOf(RELAYING_SERVICES.stream().map(service -> CompletableFuture.runAsync(() -> {
            try {
                stack.restart(service, relayOff);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).toArray(CompletableFuture[]::new)).get();
        java.sql.Timestamp switched = databaseNow();
        for (String service : RELAYING_SERVICES) {
            given().baseUri(stack.service(service).managementUrl()).get("/q/health/ready")
                    .then().statusCode(200).body("checks.find { it.name == 'outbox-relay' }.data.relay", equalTo("disabled"));
        }

        try (LoopbackReceiver receiver = LoopbackReceiver.start("/debezium")) {
            // webhooks of the sandbox ledger, signed
            String secret = given().auth().oauth2(API_KEY).contentType(ContentType.JSON)
                    .body(Map.of("url", receiver.url(), "event_types", List.of("transaction.posted"),
                            "description", "relayed by Debezium"))
                    .post("/v1/webhook-endpoints").then().statusCode(201).extract().path("secret");

            // a new ledger reaches the command service through Debezium, before any request names it
            String ledger = createLedger("debezium");
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200)).until(() -> commandServiceHas(ledger));
            String token = lifecycleToken();
            createAccount(token, ledger, "cash", "asset");
            createAccount(token, ledger, "revenue", "revenue");
            transfer(token, ledger, "25.00");
            String written = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(transferBody("17.50")).post("/v1/ledgers/{ledger}/transactions", ledger)
                    .then().statusCode(201).extract().header("Ledger-Sequence");
            // the projector applied every event, in sequence: account.created twice, then two transaction.posted
            assertEquals("4", written);
            given().auth().oauth2(token).queryParam("min_sequence", written)
                    .get("/v1/ledgers/{ledger}/accounts/{code}", ledger, "cash")
                    .then().statusCode(200).body("balances.posted", equalTo("42.50"));
            given().auth().oauth2(token).queryParam("min_sequence", written)
                    .get("/v1/ledgers/{ledger}/accounts/{code}", ledger, "revenue")
                    .then().statusCode(200).body("balances.posted", equalTo("42.50"));

            String demo = demoToken();
            String debit = "dbz-cash-" + UUID.randomUUID().toString().substring(0, 8);
            String credit = "dbz-sales-" + UUID.randomUUID().toString().substring(0, 8);
            createAccount(demo, SANDBOX.toString(), debit, "asset");
            createAccount(demo, SANDBOX.toString(), credit, "revenue");
            String transaction = given().auth().oauth2(demo).contentType(ContentType.JSON)
                    .body(Map.of("idempotency_key", UUID.randomUUID().toString(), "currency", "USD", "postings", List.of(
                            Map.of("account_code", debit, "direction", "debit", "amount", "9.99"),
                            Map.of("account_code", credit, "direction", "credit", "amount", "9.99"))))
                    .post("/v1/ledgers/{ledger}/transactions", SANDBOX).then().statusCode(201).extract().path("transaction_id");
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200))
                    .until(() -> receiver.requests().stream().anyMatch(r -> r.body().contains(transaction)));
            LoopbackReceiver.Request delivery = receiver.requests().stream()
                    .filter(r -> r.body().contains(transaction)).findFirst().orElseThrow();
            new Webhook(secret).verify(delivery.body(), delivery.headers());
            assertTrue(delivery.body().contains("\"transaction.posted\""), delivery.body());

            // a revoked API key is refused at the gateway once the revocation came through Debezium
            createAndRevokeApiKey();

            // what was written: Debezium forwarded the events, and no outbox row written since the switch is left
            List<ProducerRecord<byte[], byte[]>> forwarded = debezium.records().subList(forwardedBefore,
                    debezium.records().size());
            assertTrue(forwarded.stream().anyMatch(r -> r.topic().equals("outbox.event.registry")
                    && new String(r.key(), StandardCharsets.UTF_8).equals(ledger)), "ledger.created forwarded");
            assertTrue(forwarded.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(transaction)),
                    "transaction.posted forwarded");
            assertTrue(forwarded.stream().anyMatch(r -> r.topic().equals("outbox.event.credentials")),
                    "credential.revoked forwarded");
            for (String table : List.of("iam.outbox", "ledger.outbox", "webhook.outbox")) {
                assertEquals(0, count("SELECT count(*) FROM " + table + " WHERE timestamp >= ?", switched), table);
            }
            assertNull(debezium.failure(), "the Debezium engine stopped");
            System.out.println("Debezium relayed " + forwarded.size() + " records alone; " + debezium.heartbeats()
                    + " heartbeats");
        }
    }

    // --- the API, through the gateway ---

    private static String createLedger(String prefix) {
        return given().auth().oauth2(lifecycleToken()).contentType(ContentType.JSON)
                .body(Map.of("code", prefix + "-" + UUID.randomUUID().toString().substring(0, 8), "name", "Books",
                        "currency", "EUR"))
                .post("/v1/projects/{project}/ledgers", LIFECYCLE_PROJECT)
                .then().statusCode(201).extract().path("id");
    }

    private static void createAccount(String token, String ledger, String code, String type) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", code, "name", code, "type", type))
                .post("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(201);
    }

    private static Map<String, Object> transferBody(String amount) {
        return Map.of("idempotency_key", UUID.randomUUID().toString(), "postings", List.of(
                Map.of("account_code", "cash", "direction", "debit", "amount", amount),
                Map.of("account_code", "revenue", "direction", "credit", "amount", amount)));
    }

    private static String transfer(String token, String ledger, String amount) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(transferBody(amount))
                .post("/v1/ledgers/{ledger}/transactions", ledger)
                .then().statusCode(201).extract().path("transaction_id");
    }

    /** Creates an API key of the sandbox, uses it, revokes it, and waits until the gateway refuses it. */
    private static String createAndRevokeApiKey() {
        String admin = token("test-admin", "test-admin-secret");
        var created = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("description", "revoked through the outbox", "scopes", List.of("ledger:read"),
                        "ledgers", List.of(SANDBOX.toString()), "environment", "test"))
                .post("/v1/projects/{project}/api-keys", TEST_PROJECT).then().statusCode(201).extract();
        String key = created.path("key");
        given().auth().oauth2(key).get("/v1/ledgers/{ledger}/accounts", SANDBOX).then().statusCode(200);
        given().auth().oauth2(admin).delete("/v1/projects/{project}/api-keys/{id}", TEST_PROJECT, created.path("id"))
                .then().statusCode(204);
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200))
                .until(() -> given().auth().oauth2(key).get("/v1/ledgers/{ledger}/accounts", SANDBOX).statusCode() == 401);
        return key;
    }

    private static String token(String client, String secret) {
        return given().auth().preemptive().basic(client, secret).contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").post("/oauth/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static String lifecycleToken() {
        return token("lifecycle-admin", "lifecycle-secret");
    }

    private static String demoToken() {
        return token("demo-client", "demo-secret");
    }

    // --- Kafka and the database ---

    private record Rec(String topic, byte[] key, Headers headers) {
    }

    private static Set<String> idsWithKey(List<Rec> records, String key) {
        return records.stream().filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(key))
                .map(r -> text(r.headers(), "id")).collect(Collectors.toSet());
    }

    private static void readPublished() {
        for (ConsumerRecord<byte[], byte[]> record : outboxTopics.poll(Duration.ofMillis(100))) {
            published.putIfAbsent(text(record.headers(), "id"), record);
        }
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> headerNames(Headers headers) {
        List<String> names = new ArrayList<>();
        headers.forEach(h -> names.add(h.key()));
        return names;
    }

    private static ConsumerRecord<String, String> asString(String topic, byte[] key, byte[] value, Headers headers) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, 0,
                key == null ? null : new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
        headers.forEach(h -> record.headers().add(h));
        return record;
    }

    private static boolean slotIsStreaming() throws SQLException {
        try (Connection connection = superuser(); Statement sql = connection.createStatement();
                ResultSet slot = sql.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '"
                        + manifests.connectorConfig().get("slot.name") + "'")) {
            return slot.next() && slot.getBoolean(1);
        }
    }

    private static boolean commandServiceHas(String ledger) throws SQLException {
        try (Connection connection = superuser();
                var query = connection.prepareStatement("SELECT 1 FROM ledger.ledgers WHERE id = ?::uuid")) {
            query.setString(1, ledger);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private static java.sql.Timestamp databaseNow() throws SQLException {
        try (Connection connection = superuser(); Statement sql = connection.createStatement();
                ResultSet now = sql.executeQuery("SELECT now()")) {
            now.next();
            return now.getTimestamp(1);
        }
    }

    private static long count(String query, java.sql.Timestamp since) throws SQLException {
        try (Connection connection = superuser(); var statement = connection.prepareStatement(query)) {
            statement.setTimestamp(1, since);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Connection superuser() throws SQLException {
        PostgresServer postgres = stack.infra().postgres();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + postgres.database(),
                PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD);
    }
}
