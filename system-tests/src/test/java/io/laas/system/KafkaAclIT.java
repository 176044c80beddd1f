package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.laas.kafka.KafkaClientSettings;
import io.laas.local.KafkaBroker;
import io.laas.local.LocalStack;
import io.laas.local.ServiceProcess;

/**
 * The Kafka users of {@code deploy/k8s/base/kafka} against a real broker with SCRAM-SHA-512 and the KRaft
 * {@code StandardAuthorizer}: the topics and the users' ACLs are read from the KafkaTopic and KafkaUser
 * manifests and applied through the Admin API, then each service's client configuration (the channels of its
 * {@code application.properties}, the security settings as {@code KafkaClientSettings} shares them) does what
 * the service does and is refused what it does not do. A gateway process of the running stack, given the
 * environment it gets on Kubernetes, follows this broker's revocations.
 *
 * <p>The listener is SASL_PLAINTEXT, not SASL_SSL: authentication and authorization are the same over both,
 * and the TLS half (the PEM truststore reaching every client) is proven by the libraries' unit tests, not worth a
 * certificate authority in a test. The broker has one node, so the topics get one replica and
 * {@code min.insync.replicas=1}; every other topic setting is the manifest's.
 */
class KafkaAclIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path KAFKA_MANIFESTS = RepositoryRoot.path().resolve("deploy/k8s/base/kafka");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KafkaBroker broker;
    private static Admin superUser;
    private static String saslBootstrap;
    private static final Map<String, String> passwords = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        int plaintextPort = freePort();
        int saslPort = freePort();
        int controllerPort = freePort();
        saslBootstrap = "127.0.0.1:" + saslPort;
        Path dir = Files.createTempDirectory("laas-kafka-acl");
        broker = KafkaBroker.start(plaintextPort, controllerPort, dir, true, """

                # Clients authenticate with SCRAM-SHA-512 on their own listener; the plaintext listener (and the
                # controller's) stays for the test's own administration, as the super user ANONYMOUS.
                listeners=PLAINTEXT://127.0.0.1:%1$d,SASL_PLAINTEXT://127.0.0.1:%2$d,CONTROLLER://127.0.0.1:%3$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d,SASL_PLAINTEXT://127.0.0.1:%2$d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
                sasl.enabled.mechanisms=SCRAM-SHA-512
                listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                super.users=User:ANONYMOUS
                allow.everyone.if.no.acl.found=false
                auto.create.topics.enable=false
                """.formatted(plaintextPort, saslPort, controllerPort));
        superUser = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        createTopicsFromManifests();
        createUsersFromManifests();
    }

    @AfterAll
    static void stop() {
        if (superUser != null) {
            superUser.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
    }

    // --- what the services do ----------------------------------------------------------------------------

    @Test
    void eachOutboxRelayPublishesItsAggregateTypesAndItsConsumersReadThemInTheirGroups() throws Exception {
        publish("laas-ledger-command-service", "outbox.event.ledger");
        publish("laas-iam-service", "outbox.event.registry");
        publish("laas-iam-service", "outbox.event.credentials");
        publish("laas-webhook-service", "outbox.event.audit");

        String ledgerEvent = publish("laas-ledger-command-service", "outbox.event.ledger");
        assertConsumes("laas-projector-service", "projector-service", "ledger-events", ledgerEvent);
        assertConsumes("laas-webhook-service", "webhook-service", "ledger-events", ledgerEvent);
        assertConsumes("laas-ledger-command-service", "ledger-command-service", "ledger-registry",
                publish("laas-iam-service", "outbox.event.registry"));
        assertConsumes("laas-iam-service", "iam-service", "audit-events", publish("laas-webhook-service", "outbox.event.audit"));
    }

    @Test
    void everyServiceAndTheGatewayFollowTheRevocationsWithoutAGroup() throws Exception {
        String revocation = publish("laas-iam-service", "outbox.event.credentials");
        for (String user : List.of("laas-gateway", "laas-iam-service", "laas-ledger-command-service", "laas-projector-service",
                "laas-webhook-service")) {
            assertTrue(readWithoutGroup(user, "outbox.event.credentials").contains(revocation), user + " reads the revocation");
        }
    }

    @Test
    void eachConsumerWritesItsOwnDeadLetterTopic() throws Exception {
        publish("laas-projector-service", channel("projector-service", "outgoing", "ledger-events-dead-letter", "topic"));
        publish("laas-webhook-service", channel("webhook-service", "incoming", "ledger-events", "dead-letter-queue.topic"));
        publish("laas-ledger-command-service",
                channel("ledger-command-service", "incoming", "ledger-registry", "dead-letter-queue.topic"));
        publish("laas-iam-service", channel("iam-service", "incoming", "audit-events", "dead-letter-queue.topic"));
    }

    @Test
    void debeziumConnectKeepsItsInternalTopicsAndPublishesTheOutboxAndItsHeartbeats() throws Exception {
        try (Admin connect = Admin.create(client("laas-debezium-connect"))) {
            connect.createTopics(List.of(new NewTopic("laas-connect-offsets", 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
            connect.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "laas-connect-offsets")))
                    .all().get(30, TimeUnit.SECONDS);
            connect.createTopics(List.of(new NewTopic("__debezium-heartbeat.laas", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        publish("laas-debezium-connect", "laas-connect-offsets");
        publish("laas-debezium-connect", "__debezium-heartbeat.laas");
        for (String topic : List.of("outbox.event.ledger", "outbox.event.registry", "outbox.event.credentials", "outbox.event.audit")) {
            publish("laas-debezium-connect", topic);
        }
        try (KafkaConsumer<String, String> worker = consumer("laas-debezium-connect", "laas-connect")) {
            worker.subscribe(List.of("laas-connect-offsets"));
            assertFalse(pollUntilFound(worker, null).isEmpty(), "the Connect workers' group reads its offsets topic");
        }
    }

    /**
     * A real gateway process, configured as on Kubernetes (the {@code KAFKA_*} environment, its own SCRAM user),
     * follows the revocations of this broker: it becomes ready only once its revocation feed has caught up (its
     * readiness says so), and refuses a token revoked here, while the stack's own gateway, which follows the
     * stack's broker, still accepts it.
     */
    @Test
    void aGatewayConfiguredAsOnKubernetesFollowsRevocationsOverScram() throws Exception {
        LocalStack stack = RunningStack.get();
        String token = RunningStack.demoToken();
        ServiceProcess gateway = stack.startReplica("gateway", "gateway-scram", Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", saslBootstrap,
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", jaas("laas-gateway", passwords.get("laas-gateway"))));
        try {
            String accounts = "/v1/ledgers/" + RunningStack.SANDBOX + "/accounts";
            assertEquals(200, status(gateway.url() + accounts, token));

            JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            String revocation = "{\"jti\":\"%s\",\"expires_at\":\"%s\"}".formatted(claims.path("jti").asText(),
                    Instant.ofEpochSecond(claims.path("exp").asLong()));
            try (KafkaProducer<String, String> iam = producer("laas-iam-service")) {
                ProducerRecord<String, String> record = new ProducerRecord<>("outbox.event.credentials",
                        claims.path("jti").asText(), revocation);
                record.headers().add("eventType", "token.revoked".getBytes(StandardCharsets.UTF_8));
                iam.send(record).get(30, TimeUnit.SECONDS);
            }

            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(gateway.url() + accounts, token) == 401);
            assertEquals(200, status(stack.gatewayUrl() + accounts, token), "the stack's broker never saw this revocation");
        } finally {
            gateway.close();
        }
    }

    private static int status(String url, String token) {
        return given().auth().oauth2(token).get(url).statusCode();
    }

    // --- what they may not do -----------------------------------------------------------------------------

    @Test
    void aConsumerCannotPublishToTheTopicItReads() {
        assertInstanceOf(TopicAuthorizationException.class, publishFailure("laas-projector-service", "outbox.event.ledger"));
        assertInstanceOf(TopicAuthorizationException.class, publishFailure("laas-webhook-service", "outbox.event.ledger"));
        assertInstanceOf(TopicAuthorizationException.class, publishFailure("laas-ledger-command-service", "outbox.event.registry"));
    }

    @Test
    void noServiceCanForgeARevocation() {
        for (String user : List.of("laas-ledger-command-service", "laas-projector-service", "laas-webhook-service")) {
            assertInstanceOf(TopicAuthorizationException.class, publishFailure(user, "outbox.event.credentials"), user);
        }
        // The gateway writes nothing at all: its idempotent producer is refused before any topic is named.
        assertInstanceOf(AuthorizationException.class, publishFailure("laas-gateway", "outbox.event.credentials"));
    }

    @Test
    void aServiceCannotReadAnotherServicesTopicsNorJoinAnotherServicesGroup() {
        // neither the topic nor the group: whichever the consumer asks about first is refused
        assertInstanceOf(AuthorizationException.class, consumeFailure("laas-gateway", "gateway", "outbox.event.ledger"));
        assertInstanceOf(TopicAuthorizationException.class, consumeFailure("laas-iam-service", "iam-service", "outbox.event.ledger"));
        assertInstanceOf(GroupAuthorizationException.class,
                consumeFailure("laas-projector-service", "webhook-service", "outbox.event.ledger"));
        assertInstanceOf(TopicAuthorizationException.class,
                consumeFailure("laas-debezium-connect", "laas-connect", "outbox.event.ledger"));
    }

    @Test
    void debeziumConnectCannotCreateOtherTopics() throws Exception {
        try (Admin connect = Admin.create(client("laas-debezium-connect"))) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> connect
                    .createTopics(List.of(new NewTopic("outbox.event.unknown", 1, (short) 1))).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
        }
        assertFalse(superUser.listTopics().names().get(30, TimeUnit.SECONDS).contains("outbox.event.unknown"));
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> config = client("laas-gateway");
        config.put("sasl.jaas.config", jaas("laas-gateway", "not-the-password"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            assertThrows(SaslAuthenticationException.class, () -> consumer.partitionsFor("outbox.event.credentials", WAIT));
        }
    }

    // --- the broker, from the manifests -------------------------------------------------------------------

    private static void createTopicsFromManifests() throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (JsonNode topic : manifests("topics")) {
            Map<String, String> config = new HashMap<>();
            topic.path("spec").path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            config.put("min.insync.replicas", "1");
            String name = topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
            topics.add(new NewTopic(name, topic.path("spec").path("partitions").asInt(), (short) 1).configs(config));
        }
        assertEquals(8, topics.size(), "the four outbox topics and their four dead-letter topics");
        superUser.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }

    private static void createUsersFromManifests() throws Exception {
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        for (JsonNode user : manifests("users")) {
            String name = user.path("metadata").path("name").asText();
            assertEquals("scram-sha-512", user.path("spec").path("authentication").path("type").asText(), name);
            assertEquals("simple", user.path("spec").path("authorization").path("type").asText(), name);
            String password = UUID.randomUUID().toString();
            passwords.put(name, password);
            credentials.add(new UserScramCredentialUpsertion(name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                    password));
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                acls.addAll(bindings(name, acl));
            }
        }
        assertEquals(6, passwords.size(), "a user per service, the gateway and Debezium's Connect cluster");
        superUser.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
        superUser.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        awaitTrue(() -> superUser.describeAcls(AclBindingFilter.ANY).values().get().containsAll(acls), "the ACLs are in force");
    }

    /** A Strimzi {@code simple} ACL as Kafka bindings: the principal of a SCRAM user is {@code User:<name>}. */
    static List<AclBinding> bindings(String user, JsonNode acl) {
        JsonNode resource = acl.path("resource");
        ResourceType type = ResourceType.fromString(resource.path("type").asText());
        String name = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
        PatternType pattern = "prefix".equals(resource.path("patternType").asText()) ? PatternType.PREFIXED : PatternType.LITERAL;
        AclPermissionType permission = "deny".equalsIgnoreCase(acl.path("type").asText("allow")) ? AclPermissionType.DENY
                : AclPermissionType.ALLOW;
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode operation : acl.path("operations")) {
            // Strimzi writes operations in CamelCase (DescribeConfigs), Kafka's enum in UPPER_SNAKE (DESCRIBE_CONFIGS)
            AclOperation kafkaOperation = AclOperation.valueOf(
                    operation.asText().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
            bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + user, acl.path("host").asText("*"), kafkaOperation, permission)));
        }
        assertFalse(bindings.isEmpty(), user + ": an ACL without operations");
        return bindings;
    }

    private static List<JsonNode> manifests(String directory) throws IOException {
        try (Stream<Path> files = Files.list(KAFKA_MANIFESTS.resolve(directory))) {
            List<JsonNode> manifests = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                manifests.add(YAML.readTree(file.toFile()));
            }
            return manifests;
        }
    }

    // --- the clients, as the services configure them ------------------------------------------------------

    /**
     * The shared client settings a service gets on Kubernetes (here over SASL_PLAINTEXT), through the same
     * selection the services make of their {@code kafka.*} configuration.
     */
    private static Map<String, Object> client(String user) {
        return new KafkaClientSettings(Map.of(
                "bootstrap.servers", saslBootstrap,
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaas(user, passwords.get(user)),
                "group.id", "not-shared")).common();
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
                .formatted(user, password);
    }

    /** The outbox relay's and the dead-letter producers' way: idempotent, acks=all, lz4. Returns the record's key. */
    private static String publish(String user, String topic) throws Exception {
        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer(user)) {
            producer.send(new ProducerRecord<>(topic, key, "{\"id\":\"" + key + "\"}")).get(30, TimeUnit.SECONDS);
        }
        return key;
    }

    /**
     * The broker's refusal of one record. It comes back in the send's future, or, when an idempotent producer's
     * initialisation was refused before the record was handed over, from {@code send} itself, as a
     * {@code KafkaException} whose cause is the refusal; which of the two depends on timing.
     */
    private static Throwable publishFailure(String user, String topic) {
        try (KafkaProducer<String, String> producer = producer(user)) {
            Exception refused = assertThrows(Exception.class,
                    () -> producer.send(new ProducerRecord<>(topic, "k", "{}")).get(30, TimeUnit.SECONDS),
                    user + " may not write " + topic);
            assertTrue(refused instanceof ExecutionException || refused.getClass() == KafkaException.class,
                    () -> "unexpected failure " + refused);
            return refused.getCause();
        }
    }

    private static KafkaProducer<String, String> producer(String user) {
        Map<String, Object> config = client(user);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** A consumer with a service's channel settings, in {@code group}. */
    private static KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> config = client(user);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2_097_152);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Reads the channel of {@code service}'s application.properties in its group, finds {@code key}, commits. */
    private static void assertConsumes(String user, String service, String channel, String key) throws IOException {
        String topic = channel(service, "incoming", channel, "topic");
        String group = channel(service, "incoming", channel, "group.id");
        assertEquals(service, group, "each service consumes in a group named after it");
        try (KafkaConsumer<String, String> consumer = consumer(user, group)) {
            consumer.subscribe(List.of(topic));
            assertFalse(pollUntilFound(consumer, key).isEmpty(), user + " reads " + key + " from " + topic);
            consumer.commitSync(WAIT);
        }
    }

    private static Throwable consumeFailure(String user, String group, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(user, group)) {
            consumer.subscribe(List.of(topic));
            return assertThrows(AuthorizationException.class, () -> {
                Instant deadline = Instant.now().plus(WAIT);
                while (Instant.now().isBefore(deadline)) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }, user + " may not read " + topic + " in group " + group);
        }
    }

    /** The revocation feed's way: no group, every partition assigned, from a point in time. Returns the keys read. */
    private static List<String> readWithoutGroup(String user, String topic) {
        Map<String, Object> config = client(user);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> since = new HashMap<>();
            long from = Instant.now().minus(Duration.ofMinutes(16)).toEpochMilli();
            partitions.forEach(p -> since.put(p, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since, WAIT);
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    consumer.seek(partition, offset.offset());
                }
            });
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, WAIT);
            List<String> keys = new ArrayList<>();
            Instant deadline = Instant.now().plus(WAIT);
            while (Instant.now().isBefore(deadline)
                    && ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(record.key());
                }
            }
            return keys;
        }
    }

    /** Polls until a record with {@code key} (or any record, when null) arrives; returns what was read. */
    private static List<String> pollUntilFound(KafkaConsumer<String, String> consumer, String key) {
        List<String> keys = new ArrayList<>();
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                keys.add(record.key());
            }
            if (key == null ? !keys.isEmpty() : keys.contains(key)) {
                return keys;
            }
        }
        return List.of();
    }

    /** {@code mp.messaging.<direction>.<channel>.<attribute>} of a service's application.properties. */
    private static String channel(String service, String direction, String channel, String attribute) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(
                RepositoryRoot.path().resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        String name = "mp.messaging." + direction + "." + channel + "." + attribute;
        String value = properties.getProperty(name);
        assertTrue(value != null && !value.isBlank(), service + " sets " + name);
        return value;
    }

    private static void awaitTrue(CheckedCondition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.met()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Not within " + WAIT + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    private interface CheckedCondition {
        boolean met() throws Exception;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
