package io.laas.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Produces records to {@code outbox.event.ledger} exactly as the outbox relay (or Debezium) does. */
final class LedgerEvents {

    static final String TOPIC = "outbox.event.ledger";

    private LedgerEvents() {
    }

    static String transactionPosted(UUID eventId, UUID ledgerId, long sequence) {
        return transactionPosted(eventId, ledgerId, sequence, "2026-11-21T15:00:00.123456Z");
    }

    /** A transaction posted now: its recorded_at is the current time. */
    static String transactionPostedNow(UUID eventId, UUID ledgerId, long sequence) {
        return transactionPosted(eventId, ledgerId, sequence, Instant.now().toString());
    }

    private static String transactionPosted(UUID eventId, UUID ledgerId, long sequence, String recordedAt) {
        return """
                {"event_id":"%s","event_type":"transaction.posted","ledger_id":"%s","sequence":%d,
                 "recorded_at":"%s",
                 "data":{"transaction_id":"%s","external_id":"ext-%d","idempotency_key":"key-%d","currency":"USD",
                  "occurred_at":"2026-11-21T14:59:59Z","metadata":{"order":"A-1"},
                  "postings":[
                   {"account_id":"%s","account_code":"cash","account_type":"asset","direction":"debit","amount":"100.00"},
                   {"account_id":"%s","account_code":"revenue","account_type":"revenue","direction":"credit","amount":"100.00"}]}}
                """.formatted(eventId, ledgerId, sequence, recordedAt, UUID.randomUUID(), sequence, sequence,
                UUID.randomUUID(), UUID.randomUUID());
    }

    static String accountCreated(UUID eventId, UUID ledgerId, long sequence) {
        return """
                {"event_id":"%s","event_type":"account.created","ledger_id":"%s","sequence":%d,
                 "recorded_at":"2026-11-21T15:00:00.000001Z",
                 "data":{"account_id":"%s","code":"cash","name":"Cash","type":"asset","currency":"USD",
                  "created_at":"2026-11-21T15:00:00Z"}}
                """.formatted(eventId, ledgerId, sequence, UUID.randomUUID());
    }

    static void send(UUID ledgerId, UUID eventId, String eventType, String value) {
        send(TOPIC, ledgerId.toString(), eventId == null ? null : eventId.toString(), eventType, value);
    }

    static void send(String topic, String key, String idHeader, String eventType, String value) {
        sendAll(List.of(record(topic, key, idHeader, eventType, value)));
    }

    /** Posts {@code count} transactions to the ledger (sequences 1..count) at once; returns their event ids. */
    static List<UUID> sendTransactions(UUID ledgerId, int count) {
        List<UUID> ids = new ArrayList<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            UUID eventId = UUID.randomUUID();
            ids.add(eventId);
            records.add(record(ledgerId, eventId, "transaction.posted", transactionPostedNow(eventId, ledgerId, i)));
        }
        sendAll(records);
        return ids;
    }

    static ProducerRecord<String, String> record(UUID ledgerId, UUID eventId, String eventType, String value) {
        return record(TOPIC, ledgerId.toString(), eventId == null ? null : eventId.toString(), eventType, value);
    }

    static ProducerRecord<String, String> record(String topic, String key, String idHeader, String eventType,
            String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (idHeader != null) {
            record.headers().add("id", idHeader.getBytes(StandardCharsets.UTF_8));
        }
        if (eventType != null) {
            record.headers().add("eventType", eventType.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** Produces the records with one producer, in order, and waits until every one is acknowledged. */
    static void sendAll(List<ProducerRecord<String, String>> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            var acks = records.stream().map(producer::send).toList();
            for (var ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not produce the test records", e);
        }
    }
}
