package io.laas.token.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.laas.kafka.KafkaClientSettings;
import io.laas.token.TokenPolicyConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class RevocationFeedSettingsTest {

    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"laas-gateway\" password=\"p\";";

    static final Map<String, Object> SECURED_BROKER = Map.of(
            "bootstrap.servers", "laas-kafka-kafka-bootstrap:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", JAAS,
            "ssl.truststore.type", "PEM",
            "ssl.truststore.location", "/etc/laas/kafka-ca/ca.crt",
            "group.id", "gateway");

    @Test
    void theFeedConnectsWithTheServiceSecuritySettingsAndNoGroup() {
        ConsumerConfig consumer = consumerConfig(Map.of("kafka.bootstrap.servers", "laas-kafka-kafka-bootstrap:9093"));

        assertEquals(List.of("laas-kafka-kafka-bootstrap:9093"), consumer.getList("bootstrap.servers"));
        assertEquals("SASL_SSL", consumer.getString("security.protocol"));
        assertEquals("SCRAM-SHA-512", consumer.getString("sasl.mechanism"));
        assertEquals(new Password(JAAS), consumer.getPassword("sasl.jaas.config"));
        assertEquals("PEM", consumer.getString("ssl.truststore.type"));
        assertEquals("/etc/laas/kafka-ca/ca.crt", consumer.getString("ssl.truststore.location"));
        assertNull(consumer.getString("group.id"), "every process reads every partition: no consumer group");
        assertEquals(false, consumer.getBoolean("enable.auto.commit"));
    }

    @Test
    void theFeedsOwnBrokersStillWin() {
        ConsumerConfig consumer = consumerConfig(Map.of("laas.token.deny-list.bootstrap-servers", "other:9093"));

        assertEquals(List.of("other:9093"), consumer.getList("bootstrap.servers"));
        assertEquals("SASL_SSL", consumer.getString("security.protocol"));
    }

    private static ConsumerConfig consumerConfig(Map<String, String> values) {
        TokenPolicyConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(TokenPolicyConfig.class)
                .withSources(new PropertiesConfigSource(new HashMap<>(values), "feed-test", 500))
                .build()
                .getConfigMapping(TokenPolicyConfig.class);
        Map<String, Object> properties = new HashMap<>(
                RevocationFeed.consumerProperties(config, new KafkaClientSettings(SECURED_BROKER)));
        properties.put("key.deserializer", StringDeserializer.class);
        properties.put("value.deserializer", StringDeserializer.class);
        return new ConsumerConfig(properties);
    }
}
