package io.laas.projector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.laas.local.testing.TestTokens;
import io.laas.web.security.Scopes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A fresh ledger for one test, and the Debezium-shaped records (key = ledger id, headers {@code id} and
 * {@code eventType}, value = envelope) that the command service's outbox relay would publish for it.
 */
public final class TestLedger {

    public static final String TOPIC = "outbox.event.ledger";
    public static final String DLQ_TOPIC = "outbox.event.ledger.dlq.projector-service";

    private static KafkaProducer<String, String> producer;

    public final UUID id;
    private final Map<String, UUID> accounts = new LinkedHashMap<>();
    private long sequence;

    public TestLedger() {
        this(UUID.randomUUID(), 0, Map.of());
    }

    /** A ledger the projection holds already: its events so far end at {@code lastSequence}. */
    public TestLedger(UUID id, long lastSequence, Map<String, UUID> accounts) {
        this.id = id;
        this.sequence = lastSequence;
        this.accounts.putAll(accounts);
    }

    /** One ledger event, not yet sent. */
    public record Event(UUID eventId, String type, UUID ledgerId, long sequence, JsonObject envelope) {

        public Event send() {
            TestLedger.send(ledgerId.toString(), eventId.toString(), type, envelope.encode());
            return this;
        }

        public Event withId(UUID otherId) {
            JsonObject copy = envelope.copy().put("event_id", otherId.toString());
            return new Event(otherId, type, ledgerId, sequence, copy);
        }
    }

    public String token() {
        return TestTokens.token(List.of(id), Scopes.LEDGER_READ);
    }

    /** The sequence of the last event made for this ledger (sent or not). */
    public long lastSequenceSent() {
        return sequence;
    }

    public UUID accountId(String code) {
        return accounts.get(code);
    }

    /** An account the projection will never hear of (no event): postings to it cannot be applied. */
    public UUID unknownAccount(String code) {
        UUID accountId = UUID.randomUUID();
        accounts.put(code, accountId);
        return accountId;
    }

    public Event account(String code, String type) {
        return account(code, type, "USD");
    }

    public Event account(String code, String type, String currency) {
        return account(code, type, currency, null);
    }

    /** An account whose currency has {@code scale} decimal places in this ledger (none in older events). */
    public Event account(String code, String type, String currency, Integer scale) {
        UUID accountId = UUID.randomUUID();
        accounts.put(code, accountId);
        JsonObject data = new JsonObject()
                .put("account_id", accountId.toString())
                .put("code", code)
                .put("name", "Account " + code)
                .put("type", type)
                .put("currency", currency)
                .put("created_at", now());
        if (scale != null) {
            data.put("scale", scale);
        }
        return event("account.created", data);
    }

    /** A balanced transaction: {@code postings} are (account code, direction, amount) triples. */
    public Event transaction(UUID transactionId, String currency, String... postings) {
        JsonArray lines = new JsonArray();
        for (int i = 0; i < postings.length; i += 3) {
            lines.add(new JsonObject()
                    .put("account_id", accounts.get(postings[i]).toString())
                    .put("account_code", postings[i])
                    .put("account_type", "asset")
                    .put("direction", postings[i + 1])
                    .put("amount", postings[i + 2]));
        }
        return event("transaction.posted", new JsonObject()
                .put("transaction_id", transactionId.toString())
                .put("external_id", "ext-" + transactionId)
                .put("idempotency_key", "idem-" + transactionId)
                .put("currency", currency)
                .put("occurred_at", "2026-11-20T10:15:30.123456Z")
                .put("metadata", new JsonObject().put("order", "A-1").put("tags", new JsonArray().add("x")))
                .put("postings", lines));
    }

    /** An account as the ledger core creates it: {@code fields} (normal_balance, parent, limits...) added to the data. */
    public Event account(String code, String type, JsonObject fields) {
        Event created = account(code, type);
        created.envelope().getJsonObject("data").mergeIn(fields);
        return created;
    }

    /** {@code account.updated} with the account's whole new {@code state} (name, status, limits, metadata). */
    public Event accountUpdated(String code, JsonObject state) {
        return event("account.updated", new JsonObject()
                .put("account_id", accounts.get(code).toString())
                .put("code", code)
                .put("updated_at", now())
                .mergeIn(state));
    }

    /** A posting of this ledger's account, as the transaction events carry it. */
    public JsonObject posting(String code, String direction, String amount) {
        return new JsonObject()
                .put("account_id", accounts.get(code).toString())
                .put("account_code", code)
                .put("account_type", "asset")
                .put("direction", direction)
                .put("amount", amount);
    }

    /**
     * A {@code transaction.posted}, {@code transaction.pending} or {@code transaction.reversed} event in USD, with
     * {@code fields} (expires_at, reversal_of...) added to its data.
     */
    public Event transaction(String type, UUID transactionId, JsonObject fields, JsonObject... postings) {
        return event(type, new JsonObject()
                .put("transaction_id", transactionId.toString())
                .put("idempotency_key", "idem-" + transactionId)
                .put("status", type.equals("transaction.pending") ? "pending" : "posted")
                .put("currency", "USD")
                .put("occurred_at", "2026-11-20T10:15:30.123456Z")
                .put("metadata", new JsonObject())
                .put("postings", new JsonArray(List.of((Object[]) postings)))
                .mergeIn(fields));
    }

    /** {@code transaction.committed}: the pending transaction's postings with the amounts posted. */
    public Event committed(UUID transactionId, JsonObject... postings) {
        return event("transaction.committed", new JsonObject()
                .put("transaction_id", transactionId.toString())
                .put("occurred_at", "2026-11-21T08:00:00.000001Z")
                .put("postings", new JsonArray(List.of((Object[]) postings))));
    }

    /** {@code transaction.voided} by a client ({@code voided}) or because the hold expired ({@code expired}). */
    public Event voided(UUID transactionId, String reason) {
        return event("transaction.voided", new JsonObject()
                .put("transaction_id", transactionId.toString())
                .put("reason", reason)
                .put("voided_at", "2026-11-22T09:30:00.000002Z"));
    }

    public Event event(String type, JsonObject data) {
        long seq = ++sequence;
        UUID eventId = UUID.randomUUID();
        JsonObject envelope = new JsonObject()
                .put("event_id", eventId.toString())
                .put("event_type", type)
                .put("ledger_id", id.toString())
                .put("sequence", seq)
                .put("recorded_at", now())
                .put("data", data);
        return new Event(eventId, type, id, seq, envelope);
    }

    public static void send(String key, String eventId, String eventType, String value) {
        try {
            producer().send(record(key, eventId, eventType, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not send the test record", e);
        }
    }

    /** Sends the events in this order without waiting for each one, as a relay publishing a backlog does. */
    public static void sendAll(List<Event> events) {
        List<Future<?>> sent = new ArrayList<>(events.size());
        for (Event event : events) {
            sent.add(producer().send(record(event.ledgerId().toString(), event.eventId().toString(), event.type(),
                    event.envelope().encode())));
        }
        producer().flush();
        try {
            for (Future<?> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not send the test records", e);
        }
    }

    private static ProducerRecord<String, String> record(String key, String eventId, String eventType, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, key, value);
        if (eventId != null) {
            record.headers().add("id", eventId.getBytes(StandardCharsets.UTF_8));
        }
        if (eventType != null) {
            record.headers().add("eventType", eventType.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** Every value currently on the dead-letter topic. */
    public static List<String> deadLetters() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(DLQ_TOPIC));
            long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).toString();
    }
}
