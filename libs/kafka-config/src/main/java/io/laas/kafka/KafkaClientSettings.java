package io.laas.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import io.smallrye.common.annotation.Identifier;

/**
 * The settings every Kafka client of a service shares: where the brokers are and how to reach them securely
 * (security protocol, SASL, TLS). They come from the service's {@code kafka.*} configuration (or the
 * {@code KAFKA_*} environment), which SmallRye Reactive Messaging already passes to every channel; the clients
 * the project creates itself (the outbox relay's producer, the revocation feed's consumer) start from
 * {@link #common()} so they connect the same way.
 *
 * <p>Only connection and security keys are shared: a channel's consumer-group, deserializer or fetch settings
 * in {@code kafka.*} must not leak into a client with a different job.
 */
@ApplicationScoped
public class KafkaClientSettings {

    /** Quarkus' map of the {@code kafka.*} configuration, prefix removed, {@code _} read as {@code .}. */
    public static final String BROKER_CONFIG = "default-kafka-broker";

    /**
     * Quarkus' TLS registry: {@code kafka.tls-configuration-name} names a TLS configuration, and Quarkus sets
     * {@code ssl.engine.factory.class} (an {@code ssl.*} key, so shared anyway) to the factory that reads it.
     */
    static final String TLS_CONFIGURATION_NAME = "tls-configuration-name";

    static final Set<String> SHARED_KEYS = sharedKeys();

    private final Map<String, Object> common;

    public KafkaClientSettings(@Identifier(BROKER_CONFIG) Map<String, Object> brokerConfig) {
        this.common = Map.copyOf(select(brokerConfig));
    }

    /** A new, modifiable map of the shared settings, for a client to add its own settings to. */
    public Map<String, Object> common() {
        return new HashMap<>(common);
    }

    /** The shared keys of {@code config} that have a value. */
    static Map<String, Object> select(Map<String, ?> config) {
        Map<String, Object> selected = new HashMap<>();
        config.forEach((key, value) -> {
            if (SHARED_KEYS.contains(key) && value != null && !value.toString().isBlank()) {
                selected.put(key, value);
            }
        });
        return selected;
    }

    private static Set<String> sharedKeys() {
        ConfigDef security = new ConfigDef();
        SslConfigs.addClientSslSupport(security);
        SaslConfigs.addClientSaslSupport(security);
        Set<String> keys = new TreeSet<>(security.names());
        keys.add(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        keys.add(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG);
        keys.add(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        keys.add(TLS_CONFIGURATION_NAME);
        return Set.copyOf(keys);
    }
}
