package io.laas.token;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The access-token rules shared by the gateway and every service ({@code laas.token.*}). The JWKS refresh
 * rules and the verifiers' own clock skew settings are set once for all of them in this library's
 * {@code META-INF/microprofile-config.properties}.
 */
@ConfigMapping(prefix = "laas.token")
public interface TokenPolicyConfig {

    /** Tolerance for clocks that disagree, on {@code exp} and {@code iat}. Default {@code 30s}. */
    @WithDefault("30s")
    Duration clockSkew();

    /** The longest lifetime ({@code exp - iat}) an access token may have; IAM issues at most this. Default {@code 15m}. */
    @WithDefault("15m")
    Duration maxLifetime();

    DenyList denyList();

    interface DenyList {

        /** Whether this process follows the revocation topic; off only in tests that feed the deny-list by hand. */
        @WithDefault("true")
        boolean feed();

        /** IAM's revocation events. Default {@code outbox.event.credentials}. */
        @WithDefault("outbox.event.credentials")
        String topic();

        /** The Kafka brokers; defaults to the service's own {@code kafka.bootstrap.servers}. */
        @WithDefault("${kafka.bootstrap.servers:localhost:9092}")
        String bootstrapServers();

        /** How long one poll of the topic waits for events. Default {@code 250ms}. */
        @WithDefault("250ms")
        Duration pollTimeout();
    }
}
