package io.laas.system;

import static io.laas.system.LaasCommand.manifestLedger;
import static io.laas.system.LaasCommand.onlyManifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.events.EventEnvelope;
import io.laas.events.EventEnvelopeReader;
import io.laas.local.DemoTenant;
import io.laas.local.KafkaBroker;
import io.laas.system.LaasCommand.Result;

/**
 * A backup and a restore of the whole stack, driven with {@code deploy/local/laas} on a stack of its own: transactions
 * before the backup, more after it (the lost tail: written, projected and delivered), then down, restore, up. The
 * ledger, the projection, the idempotency keys and the webhook state are those of the backup; the restore started
 * epoch 2, and the new writes take the lost tail's sequence numbers again.
 *
 * <p>Kafka is not part of the backup, and the consumers' offsets are kept in Kafka. Had they been left where they
 * were, past the lost tail, the restarted consumers would never see the tail again and the epochs would not be put
 * to the test. So between the restore and the start the consumer groups of the projector and the webhook service are
 * set back to the first event of the tail, as if neither had read it before the stack stopped: both re-read all of
 * it, before the new epoch's events under the same sequence numbers, and must skip and count each of its events.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {

    private static final String API_KEY = "sk_test_12345678901234567890123456789012";
    private static final String LEDGER = DemoTenant.SANDBOX_LEDGER_ID;
    private static final String LEDGER_TOPIC = "outbox.event.ledger";
    private static final List<String> CONSUMER_GROUPS = List.of("projector-service", "webhook-service");
    private static final String LOST_TAIL = "reason=\"lost_tail\"";
    private static final Duration WAIT = Duration.ofMinutes(2);

    private static LaasCommand laas;
    private static LoopbackReceiver receiver;
    private static String gateway;

    private static String endpointId;
    /** The transactions written before the backup: idempotency key → body, and their ids by key. */
    private static final Map<String, Map<String, Object>> keptBodies = new LinkedHashMap<>();
    private static final Map<String, String> keptTransactions = new LinkedHashMap<>();
    private static final Map<String, JsonNode> accountsAtBackup = new HashMap<>();
    private static JsonNode endpointAtBackup;
    private static List<String> messagesAtBackup;
    private static long backupSequence;
    private static String chainHead;
    private static Path archive;

    /** The lost tail: its idempotency keys, transaction ids and event ids. */
    private static final List<String> tailKeys = new ArrayList<>();
    private static final List<String> tailTransactions = new ArrayList<>();
    private static List<String> tailEvents;
    private static int requestsBeforeRestore;

    @BeforeAll
    static void startTheStack() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/postgresql/15/bin/pg_dump")),
                "pg_dump 15 is not installed");
        laas = LaasCommand.onFreePorts("backup-restore");
        gateway = laas.gateway();
        receiver = LoopbackReceiver.start("/hooks");
        Result up = laas.succeed(Duration.ofMinutes(15), "up", "--fresh", "-d");
        assertTrue(up.out().contains("LaaS runs in the background"), up.toString());
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        try {
            if (laas != null && laas.isUp()) {
                laas.run(Duration.ofMinutes(3), "down");
            }
        } finally {
            if (receiver != null) {
                receiver.close();
            }
        }
    }

    @Test
    @Order(1)
    void transactionsBeforeTheBackupAreProjectedAndDelivered() throws Exception {
        Map<String, Object> registration = Map.of("url", receiver.url(), "event_types", List.of("transaction.posted"),
                "description", "backup and restore");
        JsonNode endpoint = StackHttp.send(request("/webhook-endpoints").POST(StackHttp.body(registration)).build(),
                201);
        endpointId = endpoint.path("id").asText();
        long sequence = 0;
        for (String amount : List.of("10.00", "20.00", "30.00")) {
            String key = "before-" + UUID.randomUUID();
            Map<String, Object> body = transfer(amount);
            HttpResponse<String> posted = post(key, body);
            assertEquals(201, posted.statusCode(), posted.body());
            keptBodies.put(key, body);
            keptTransactions.put(key, StackHttp.JSON.readTree(posted.body()).path("transaction_id").asText());
            sequence = Long.parseLong(posted.headers().firstValue("Ledger-Sequence").orElseThrow());
        }
        awaitProjected(sequence);
        awaitDelivered(keptTransactions.values(), keptTransactions.size());

        for (String account : List.of("cash", "revenue")) {
            accountsAtBackup.put(account, get("/accounts/" + account));
        }
        endpointAtBackup = get("/webhook-endpoints/" + endpointId);
        messagesAtBackup = transactionMessages();
        assertEquals(keptTransactions.size(), messagesAtBackup.size(), messagesAtBackup.toString());
    }

    @Test
    @Order(2)
    void backupRecordsTheLedgersLastSequenceAndChainHead() throws Exception {
        laas.succeed(Duration.ofMinutes(3), "backup");
        JsonNode manifest = onlyManifest(laas.dataDir().resolve("backups"));
        archive = laas.dataDir().resolve("backups").resolve(manifest.path("archive").asText());
        JsonNode ledger = manifestLedger(manifest, LEDGER);
        backupSequence = ledger.path("last_sequence").asLong();
        chainHead = ledger.path("chain_head").asText();
        JsonNode verified = get("/verify");
        assertTrue(verified.path("verified").asBoolean(), verified.toString());
        assertEquals(backupSequence, verified.path("last_sequence").asLong(), "nothing was written during the backup");
        assertEquals(chainHead, verified.path("last_hash").asText());
    }

    @Test
    @Order(3)
    void theLostTailIsWrittenProjectedAndDeliveredAfterTheBackup() throws Exception {
        long sequence = 0;
        for (String amount : List.of("1.00", "2.00", "4.00")) {
            String key = "tail-" + UUID.randomUUID();
            HttpResponse<String> posted = post(key, transfer(amount));
            assertEquals(201, posted.statusCode(), posted.body());
            tailKeys.add(key);
            tailTransactions.add(StackHttp.JSON.readTree(posted.body()).path("transaction_id").asText());
            sequence = Long.parseLong(posted.headers().firstValue("Ledger-Sequence").orElseThrow());
        }
        assertEquals(backupSequence + tailKeys.size(), sequence);
        awaitProjected(sequence);
        awaitDelivered(tailTransactions, keptTransactions.size() + tailTransactions.size());
        assertEquals(amount(accountsAtBackup.get("cash"), "debits").add(new BigDecimal("7.00")),
                amount(get("/accounts/cash"), "debits"), "the projection holds the tail");
        tailEvents = new ArrayList<>();
        for (JsonNode event : eventsAfter(backupSequence)) {
            tailEvents.add(event.path("event_id").asText());
        }
        assertEquals(tailKeys.size(), tailEvents.size());
        List<String> received = receiver.requests().stream().map(LoopbackReceiver.Request::webhookId).toList();
        assertTrue(received.containsAll(tailEvents), "the receiver saw the tail");
        requestsBeforeRestore = receiver.requests().size();
    }

    @Test
    @Order(4)
    void restoreStartsEpochTwoAndTheStackStartsAgainOnIt() throws Exception {
        laas.succeed(Duration.ofMinutes(3), "down");
        Result restore = laas.succeed(Duration.ofMinutes(5), "restore", archive.toString());
        assertTrue(restore.out().contains("started epoch 2"), restore.toString());
        rewindTheConsumersToTheLostTail();
        Result up = laas.succeed(Duration.ofMinutes(15), "up", "-d");
        assertTrue(up.out().contains("LaaS runs in the background"), up.toString());
    }

    @Test
    @Order(5)
    void theConsumersReReadTheLostTailAndSkipEachOfItsEvents() throws Exception {
        awaitTrue("both consumers skipped the lost tail",
                () -> projectorSkipped() >= tailEvents.size() && webhookSkipped() >= tailEvents.size());
        assertEquals(tailEvents.size(), projectorSkipped());
        assertEquals(tailEvents.size(), webhookSkipped());
    }

    @Test
    @Order(6)
    void theLedgerAndItsProjectionAreThoseOfTheBackup() throws Exception {
        JsonNode verified = get("/verify");
        assertTrue(verified.path("verified").asBoolean(), verified.toString());
        assertEquals(backupSequence, verified.path("last_sequence").asLong(), verified.toString());
        assertEquals(chainHead, verified.path("last_hash").asText(), verified.toString());
        assertEquals(List.of(), eventsAfter(backupSequence), "no event after the backup's");

        JsonNode projection = get("/projection");
        assertEquals(backupSequence, projection.path("projected_sequence").asLong(), projection.toString());
        assertEquals("current", projection.path("status").asText(), projection.toString());
        assertEquals(0, projection.path("failed_events").asInt(), projection.toString());
        for (String account : List.of("cash", "revenue")) {
            assertEquals(accountsAtBackup.get(account), get("/accounts/" + account));
        }
        for (String transaction : tailTransactions) {
            HttpResponse<String> lost = StackHttp.exchange(request("/transactions/" + transaction).GET().build());
            assertEquals(404, lost.statusCode(), "the lost tail's " + transaction + ": " + lost.body());
        }
        for (String transaction : keptTransactions.values()) {
            assertEquals(transaction, get("/transactions/" + transaction).path("id").asText());
        }
    }

    @Test
    @Order(7)
    void theWebhookStateIsThatOfTheBackup() throws Exception {
        assertEquals(endpointAtBackup, get("/webhook-endpoints/" + endpointId));
        assertEquals(messagesAtBackup, transactionMessages(), "the lost tail's messages are gone");
        JsonNode stats = get("/webhook-endpoints/" + endpointId + "/stats");
        assertEquals(keptTransactions.size(), stats.path("succeeded").asInt(), stats.toString());
        assertEquals(0, stats.path("queue").path("pending").asInt(), stats.toString());
    }

    @Test
    @Order(8)
    void aKeyOfTheBackupReplaysAndAKeyOfTheLostTailIsNewAgain() throws Exception {
        Map.Entry<String, Map<String, Object>> kept = keptBodies.entrySet().iterator().next();
        HttpResponse<String> replay = post(kept.getKey(), kept.getValue());
        assertEquals(201, replay.statusCode(), replay.body());
        assertEquals("true", replay.headers().firstValue("Idempotent-Replayed").orElse(null), replay.headers().map()
                .toString());
        assertEquals(keptTransactions.get(kept.getKey()),
                StackHttp.JSON.readTree(replay.body()).path("transaction_id").asText());

        // the tail's key with another amount than it had: nothing remembers the tail's body
        HttpResponse<String> again = post(tailKeys.get(0), transfer("5.00"));
        assertEquals(201, again.statusCode(), again.body());
        assertNull(again.headers().firstValue("Idempotent-Replayed").orElse(null));
        assertNotEquals(tailTransactions.get(0), StackHttp.JSON.readTree(again.body()).path("transaction_id").asText());
        assertEquals(backupSequence + 1, Long.parseLong(again.headers().firstValue("Ledger-Sequence").orElseThrow()),
                "the first sequence number of the lost tail again");
    }

    @Test
    @Order(9)
    void newWritesTakeTheLostTailsSequencesAndAreProjectedAndDeliveredInEpochTwo() throws Exception {
        HttpResponse<String> posted = post("after-" + UUID.randomUUID(), transfer("7.00"));
        assertEquals(201, posted.statusCode(), posted.body());
        long last = backupSequence + 2;
        assertEquals(last, Long.parseLong(posted.headers().firstValue("Ledger-Sequence").orElseThrow()));

        List<JsonNode> newEvents = eventsAfter(backupSequence);
        assertEquals(2, newEvents.size(), newEvents.toString());
        List<String> newTransactions = new ArrayList<>();
        for (JsonNode event : newEvents) {
            assertEquals(2, event.path("epoch").asLong(), event.toString());
            assertFalse(tailEvents.contains(event.path("event_id").asText()), event.toString());
            newTransactions.add(event.path("data").path("transaction_id").asText());
        }
        JsonNode verified = get("/verify");
        assertTrue(verified.path("verified").asBoolean(), verified.toString());
        assertEquals(last, verified.path("last_sequence").asLong());

        awaitProjected(last);
        // 5.00 and 7.00: the lost tail's 7.00 (1.00 + 2.00 + 4.00) is not in them
        BigDecimal added = new BigDecimal("12.00");
        assertEquals(amount(accountsAtBackup.get("cash"), "debits").add(added), amount(get("/accounts/cash"), "debits"));
        assertEquals(amount(accountsAtBackup.get("revenue"), "credits").add(added),
                amount(get("/accounts/revenue"), "credits"));

        awaitDelivered(newTransactions, keptTransactions.size() + newTransactions.size());
        List<LoopbackReceiver.Request> afterRestore = receiver.requests().subList(requestsBeforeRestore,
                receiver.requests().size());
        assertEquals(newEvents.stream().map(event -> event.path("event_id").asText()).collect(Collectors.toSet()),
                afterRestore.stream().map(LoopbackReceiver.Request::webhookId).collect(Collectors.toSet()),
                "after the restore the receiver got the new epoch's events, none of the lost tail nor of before");
        for (LoopbackReceiver.Request request : afterRestore) {
            JsonNode event = StackHttp.JSON.readTree(request.body()).path("data");
            assertEquals(2, event.path("epoch").asLong(), request.body());
            assertTrue(event.path("sequence").asLong() > backupSequence, request.body());
        }
        assertEquals(keptTransactions.size() + newTransactions.size(), transactionMessages().size());
    }

    @Test
    @Order(10)
    void checkFindsTheLedgerConsistentWithoutFailedEvents() throws Exception {
        Result check = laas.succeed(Duration.ofMinutes(1), "check", "--ledger", LEDGER);
        long last = backupSequence + 2;
        String row = check.out().lines().filter(line -> line.startsWith(LEDGER)).findFirst().orElseThrow();
        assertTrue(row.matches(LEDGER + " +" + last + " +" + last + " +yes +matches +0 +0 .*"), check.toString());
        // still exactly the tail: nothing of the new epoch was taken for it
        assertEquals(tailEvents.size(), projectorSkipped());
        assertEquals(tailEvents.size(), webhookSkipped());
    }

    @Test
    @Order(11)
    void downStopsTheStack() throws Exception {
        laas.succeed(Duration.ofMinutes(3), "down");
        assertFalse(laas.isUp());
    }

    /**
     * With the stack down, starts its Kafka broker alone, finds the lost tail on the ledger topic and sets the
     * projector's and the webhook service's committed offsets back to its first event.
     */
    private static void rewindTheConsumersToTheLostTail() throws Exception {
        int port = laas.port("KAFKA");
        try (KafkaBroker broker = KafkaBroker.start(port, port + 1, laas.dataDir(), false)) {
            Map<TopicPartition, List<EventEnvelope>> events = new HashMap<>();
            Map<TopicPartition, Long> firstOfTheTail = new HashMap<>();
            Map<TopicPartition, Long> ends;
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            EventEnvelopeReader reader = new EventEnvelopeReader(StackHttp.JSON);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                    new StringDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(LEDGER_TOPIC, Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                ends = consumer.endOffsets(partitions);
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Instant deadline = Instant.now().plus(WAIT);
                while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                    if (Instant.now().isAfter(deadline)) {
                        fail("could not read " + LEDGER_TOPIC + " up to " + ends);
                    }
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                        EventEnvelope event = reader.read(record);
                        events.computeIfAbsent(partition, p -> new ArrayList<>()).add(event);
                        if (isTail(event)) {
                            firstOfTheTail.putIfAbsent(partition, record.offset());
                        }
                    }
                }
            }
            assertEquals(1, firstOfTheTail.size(), "the ledger's events are in one partition: " + firstOfTheTail);
            TopicPartition partition = firstOfTheTail.keySet().iterator().next();
            List<EventEnvelope> inPartition = events.get(partition);
            List<EventEnvelope> fromTheTail = inPartition.subList(inPartition.size() - tailEvents.size(),
                    inPartition.size());
            assertEquals(tailEvents, fromTheTail.stream().map(event -> event.eventId().toString()).toList(),
                    "Kafka still holds the lost tail, in epoch 1, as the last events of its partition");
            assertTrue(fromTheTail.stream().allMatch(event -> event.epoch() == 1 && isTail(event)));
            assertEquals(ends.get(partition) - tailEvents.size(), firstOfTheTail.get(partition));

            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                for (String group : CONSUMER_GROUPS) {
                    OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                            .get().get(partition);
                    assertEquals(ends.get(partition), committed == null ? null : committed.offset(),
                            group + " had read the whole tail before the stack stopped");
                    admin.alterConsumerGroupOffsets(group,
                            Map.of(partition, new OffsetAndMetadata(firstOfTheTail.get(partition)))).all().get();
                }
            }
        }
    }

    private static boolean isTail(EventEnvelope event) {
        return event.ledgerId().toString().equals(LEDGER) && event.sequence() != null
                && event.sequence() > backupSequence;
    }

    private static HttpRequest.Builder request(String path) {
        return StackHttp.request(gateway, "/v1/ledgers/" + LEDGER + path, API_KEY);
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        return StackHttp.send(request(path).GET().build(), 200);
    }

    /** An amount of an answer (a decimal string), at scale 2 as the ledger's USD amounts are. */
    private static BigDecimal amount(JsonNode answer, String field) {
        return new BigDecimal(answer.path(field).asText()).setScale(2);
    }

    private static Map<String, Object> transfer(String amount) {
        return Map.of("currency", "USD", "occurred_at", "2024-01-01T12:00:00Z",
                "postings", List.of(Map.of("account_code", "cash", "direction", "debit", "amount", amount),
                        Map.of("account_code", "revenue", "direction", "credit", "amount", amount)));
    }

    private static HttpResponse<String> post(String idempotencyKey, Map<String, Object> body)
            throws IOException, InterruptedException {
        return StackHttp.exchange(request("/transactions").header("Idempotency-Key", idempotencyKey)
                .POST(StackHttp.body(body)).build());
    }

    /** The ledger's events after {@code sequence}, from the command service's event store. */
    private static List<JsonNode> eventsAfter(long sequence) throws IOException, InterruptedException {
        JsonNode page = get("/events?after_sequence=" + sequence + "&limit=1000");
        assertFalse(page.path("has_more").asBoolean(), page.toString());
        List<JsonNode> events = new ArrayList<>();
        page.path("data").forEach(events::add);
        return events;
    }

    /** The ids of the ledger's {@code transaction.posted} webhook messages, newest first. */
    private static List<String> transactionMessages() throws IOException, InterruptedException {
        JsonNode page = get("/webhook-messages?event_type=transaction.posted&limit=100");
        List<String> ids = new ArrayList<>();
        page.path("data").forEach(message -> ids.add(message.path("id").asText()));
        return ids;
    }

    private static double projectorSkipped() throws IOException, InterruptedException {
        return StackHttp.metric(laas.managementUrl("PROJECTOR"), "laas_projector_events_skipped_total", LOST_TAIL);
    }

    private static double webhookSkipped() throws IOException, InterruptedException {
        return StackHttp.metric(laas.managementUrl("WEBHOOK"), "laas_webhook_events_skipped_total", LOST_TAIL);
    }

    private static void awaitProjected(long sequence) throws Exception {
        awaitTrue("the projection reaches sequence " + sequence, () -> {
            JsonNode projection = get("/projection");
            return projection.path("projected_sequence").asLong() >= sequence
                    && projection.path("status").asText().equals("current");
        });
    }

    /**
     * Waits until the receiver was sent each transaction and the webhook service recorded the endpoint's deliveries
     * as {@code succeeded} in all, none pending: a backup taken then holds them delivered.
     */
    private static void awaitDelivered(Collection<String> transactions, int succeeded) throws Exception {
        awaitTrue("the webhooks of " + transactions + " are delivered", () -> {
            Set<String> received = receiver.requests().stream().filter(request -> request.answered() == 204)
                    .map(request -> transactionOf(request.body())).collect(Collectors.toSet());
            if (!received.containsAll(transactions)) {
                return false;
            }
            JsonNode stats = get("/webhook-endpoints/" + endpointId + "/stats");
            return stats.path("succeeded").asInt() == succeeded && stats.path("queue").path("pending").asInt() == 0;
        });
    }

    private static String transactionOf(String webhookBody) {
        try {
            return StackHttp.JSON.readTree(webhookBody).path("data").path("data").path("transaction_id").asText();
        } catch (IOException e) {
            return "";
        }
    }

    private static void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.call()) {
            if (Instant.now().isAfter(deadline)) {
                fail("not within " + WAIT + ": " + what);
            }
            Thread.sleep(200);
        }
    }
}
