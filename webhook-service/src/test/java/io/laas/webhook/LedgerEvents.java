package io.laas.webhook;

import java.nio.charset.StandardCharsets;
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
        return """
                {"event_id":"%s","event_type":"transaction.posted","ledger_id":"%s","sequence":%d,
                 "recorded_at":"2026-11-21T15:00:00.123456Z",
                 "data":{"transaction_id":"%s","external_id":"ext-%d","idempotency_key":"key-%d","currency":"USD",
                  "occurred_at":"2026-11-21T14:59:59Z","metadata":{"order":"A-1"},
                  "postings":[
                   {"account_id":"%s","account_code":"cash","account_type":"asset","direction":"debit","amount":"100.00"},
                   {"account_id":"%s","account_code":"revenue","account_type":"revenue","direction":"credit","amount":"100.00"}]}}
                """.formatted(eventId, ledgerId, sequence, UUID.randomUUID(), sequence, sequence, UUID.randomUUID(),
                UUID.randomUUID());
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
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            if (idHeader != null) {
                record.headers().add("id", idHeader.getBytes(StandardCharsets.UTF_8));
            }
            if (eventType != null) {
                record.headers().add("eventType", eventType.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not produce the test record", e);
        }
    }
}
