package io.laas.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.kafka.client.runtime.KafkaRuntimeConfigProducer;
import io.quarkus.runtime.ApplicationConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class KafkaClientSettingsTest {

    /** What a service on Kubernetes gets from the laas-config ConfigMap and its KafkaUser's Secret. */
    static final Map<String, String> KUBERNETES_ENVIRONMENT = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "laas-kafka-kafka-bootstrap:9093",
            "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
            "KAFKA_SASL_JAAS_CONFIG",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"laas-x\" password=\"p\";",
            "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
            "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/laas/kafka-ca/ca.crt");

    @Test
    void environmentSecuritySettingsReachTheCommonClientSettings() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(KUBERNETES_ENVIRONMENT, 300))
                .withSources(new PropertiesConfigSource(Map.of(
                        "kafka.bootstrap.servers", "localhost:59092",
                        "kafka.max.partition.fetch.bytes", "2097152"), "application.properties", 250))
                .build();

        Map<String, Object> common = new KafkaClientSettings(brokerConfig(config)).common();

        assertEquals(Map.of(
                "bootstrap.servers", "laas-kafka-kafka-bootstrap:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", KUBERNETES_ENVIRONMENT.get("KAFKA_SASL_JAAS_CONFIG"),
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/laas/kafka-ca/ca.crt"), common);
    }

    @Test
    void channelAndGroupSettingsAreNotShared() {
        Map<String, Object> common = KafkaClientSettings.select(Map.of(
                "bootstrap.servers", "b:9093",
                "group.id", "projector-service",
                "max.partition.fetch.bytes", "2097152",
                "auto.offset.reset", "earliest",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "ssl.endpoint.identification.algorithm", "https",
                "sasl.login.callback.handler.class", "x.Handler",
                "tls-configuration-name", "kafka",
                "ssl.keystore.location", " "));

        assertEquals(Map.of(
                "bootstrap.servers", "b:9093",
                "ssl.endpoint.identification.algorithm", "https",
                "sasl.login.callback.handler.class", "x.Handler",
                "tls-configuration-name", "kafka"), common);
    }

    @Test
    void eachCallerGetsItsOwnCopy() {
        KafkaClientSettings settings = new KafkaClientSettings(Map.of("security.protocol", "SASL_SSL"));
        settings.common().put("security.protocol", "PLAINTEXT");
        settings.common().remove("security.protocol");
        assertEquals("SASL_SSL", settings.common().get("security.protocol"));
        assertFalse(settings.common().containsKey("group.id"));
    }

    /** The map Quarkus itself builds from the configuration, as {@code @Identifier("default-kafka-broker")}. */
    static Map<String, Object> brokerConfig(SmallRyeConfig config) {
        ApplicationConfig application = (ApplicationConfig) Proxy.newProxyInstance(ApplicationConfig.class.getClassLoader(),
                new Class<?>[] { ApplicationConfig.class }, (proxy, method, args) -> Optional.of("some-service"));
        return new KafkaRuntimeConfigProducer().createKafkaRuntimeConfig(config, application);
    }
}
