package io.laas.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the gateway routes to and how it protects the services behind it. */
@ConfigMapping(prefix = "laas.gateway")
public interface GatewayConfig {

    /** Base URL of iam-service (token endpoint, discovery, JWKS, ledger registry). Defaults to {@code laas.iam.url}. */
    @WithDefault("${laas.iam.url:http://localhost:8081}")
    String iamUrl();

    /** Base URL of ledger-command-service: every write on a ledger. */
    @WithDefault("http://localhost:8082")
    String commandUrl();

    /** Base URL of projector-service: every read on a ledger. */
    @WithDefault("http://localhost:8083")
    String projectorUrl();

    /** Base URL of webhook-service: the webhook endpoints of a ledger. */
    @WithDefault("http://localhost:8084")
    String webhookUrl();

    /** How long to wait for a TCP connection to a service (502 UPSTREAM_UNAVAILABLE after that). */
    @WithDefault("2s")
    Duration connectTimeout();

    /** How long to wait for a service's response (504 UPSTREAM_TIMEOUT after that). */
    @WithDefault("30s")
    Duration timeout();

    /** Pooled connections per service. */
    @WithDefault("200")
    int maxConnectionsPerUpstream();

    RateLimit rateLimit();

    ApiKeys apiKeys();

    TokenCache tokenCache();

    /**
     * In-memory token bucket per client id (each gateway replica counts on its own). The defaults let one
     * client use about what one ledger can write (~1,000 transactions/s) and keep the rest of a replica for
     * the other clients; a benchmark raises them through the environment
     * ({@code LAAS_GATEWAY_RATE_LIMIT_REQUESTS_PER_SECOND}, {@code LAAS_GATEWAY_RATE_LIMIT_BURST}).
     */
    interface RateLimit {

        /** Switch rate limiting off entirely. */
        @WithDefault("true")
        boolean enabled();

        /** Sustained rate: tokens added to a client's bucket per second. */
        @WithDefault("1000")
        double requestsPerSecond();

        /** Bucket size: the largest burst a client may send at once. */
        @WithDefault("2000")
        int burst();

        /** Buckets kept at most; idle (full) buckets are dropped first when this is reached. */
        @WithDefault("100000")
        int maxClients();
    }

    /** Raw API keys sent as bearer tokens are exchanged at IAM for a JWT, which is cached. */
    interface ApiKeys {

        /** Exchanged tokens kept at most (keyed by the SHA-256 of the key, never the key itself). */
        @WithDefault("10000")
        int cacheSize();

        /** A cached token is dropped this long before it expires, so a forwarded token is never about to expire. */
        @WithDefault("30s")
        Duration expiryMargin();
    }

    /**
     * Access tokens whose signature, issuer, audience and expiry quarkus-oidc has verified, kept until they
     * expire so that the same token is not verified again on every request. Failures are never kept.
     */
    interface TokenCache {

        /** Verified tokens kept at most (the least useful dropped first); 0 verifies every request. */
        @WithDefault("10000")
        int maxSize();
    }
}
