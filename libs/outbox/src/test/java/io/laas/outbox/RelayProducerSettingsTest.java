package io.laas.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.laas.kafka.KafkaClientSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class RelayProducerSettingsTest {

    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"laas-iam-service\" password=\"p\";";

    static final Map<String, Object> SECURED_BROKER = Map.of(
            "bootstrap.servers", "laas-kafka-kafka-bootstrap:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", JAAS,
            "ssl.truststore.type", "PEM",
            "ssl.truststore.location", "/etc/laas/kafka-ca/ca.crt",
            "group.id", "iam-service");

    @Test
    void theRelayProducerConnectsWithTheServiceSecuritySettings() {
        ProducerConfig producer = producerConfig(relay(Map.of()));

        assertEquals(List.of("laas-kafka-kafka-bootstrap:9093"), producer.getList("bootstrap.servers"));
        assertEquals("SASL_SSL", producer.getString("security.protocol"));
        assertEquals("SCRAM-SHA-512", producer.getString("sasl.mechanism"));
        assertEquals(new Password(JAAS), producer.getPassword("sasl.jaas.config"));
        assertEquals("PEM", producer.getString("ssl.truststore.type"));
        assertEquals("/etc/laas/kafka-ca/ca.crt", producer.getString("ssl.truststore.location"));
        assertEquals("outbox-relay-iam-service", producer.getString("client.id"));
    }

    @Test
    void theRelayKeepsItsOwnDeliveryGuarantees() {
        ProducerConfig producer = producerConfig(relay(Map.of("laas.outbox.relay.producer.\"linger.ms\"", "5")));

        assertEquals("-1", producer.getString("acks"), "acks=all");
        assertEquals(true, producer.getBoolean("enable.idempotence"));
        assertEquals(OutboxRelay.MAX_REQUEST_SIZE, producer.getInt("max.request.size"));
        assertEquals(5L, producer.getLong("linger.ms"), "laas.outbox.relay.producer.* still wins");
    }

    private static Map<String, Object> relay(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of("laas.outbox.table", "iam.outbox"));
        values.putAll(overrides);
        OutboxConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(OutboxConfig.class)
                .withSources(new PropertiesConfigSource(values, "relay-test", 500))
                .build()
                .getConfigMapping(OutboxConfig.class);
        return OutboxRelay.producerProperties(config.relay(), new KafkaClientSettings(SECURED_BROKER), "outbox-relay-iam-service");
    }

    private static ProducerConfig producerConfig(Map<String, Object> properties) {
        Map<String, Object> withSerializers = new HashMap<>(properties);
        withSerializers.put("key.serializer", StringSerializer.class);
        withSerializers.put("value.serializer", StringSerializer.class);
        return new ProducerConfig(withSerializers);
    }
}
