package io.laas.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the gateway routes to and how it protects the services behind it. */
@ConfigMapping(prefix = "laas.gateway")
public interface GatewayConfig {

    /** Base URL of iam-service (token endpoint, discovery, JWKS, ledger registry). Defaults to {@code laas.iam.url}. */
    @WithDefault("${laas.iam.url:http://localhost:8081}")
    String iamUrl();

    /**
     * Base URL of ledger-command-service: every write on a ledger, unless {@link #commandAffinity()} knows the
     * command replicas (then only when it knows none).
     */
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

    CommandAffinity commandAffinity();

    UpstreamInfo upstreamInfo();

    RateLimit rateLimit();

    AuthFailures authFailures();

    /**
     * Proxies in front of the gateway (CIDR blocks; none by default). Only when the peer is one of them is
     * {@code X-Forwarded-For} read, and then its right-most entry that is not a trusted proxy is the client's
     * address (for throttling and for what the services are told).
     */
    Optional<List<String>> trustedProxies();

    ApiKeys apiKeys();

    TokenCache tokenCache();

    /**
     * Every write of one ledger to the same command replica, so that the replica's group commit batches the
     * ledger's writes instead of several replicas contending for its row lock (throughput only: two replicas
     * writing one ledger stay correct). The replicas are the static {@link #urls()}, or else the addresses
     * {@link #dnsName()} resolves to; with neither, writes go to {@link GatewayConfig#commandUrl()}.
     */
    interface CommandAffinity {

        /**
         * Consistent hashing of the ledger id over the replicas. When false, {@link #dnsName()} is not resolved
         * and writes go to {@code command-url}, or round-robin over {@link #urls()} when given (a stack without
         * a Service in front of its replicas, e.g. to compare with affinity on).
         */
        @WithDefault("true")
        boolean enabled();

        /** A headless Service's name, resolved every {@link #refreshInterval()}: one address per ready replica. */
        Optional<String> dnsName();

        /** The port of the replicas {@link #dnsName()} resolves to. */
        @WithDefault("8082")
        int port();

        /** Static base URLs of the replicas; used instead of {@link #dnsName()} when given. */
        Optional<List<String>> urls();

        /** How often {@link #dnsName()} is resolved again. */
        @WithDefault("5s")
        Duration refreshInterval();
    }

    /**
     * How the gateway asks each service for its {@code GET /_info}: for {@code GET /v1/_info},
     * {@code /api/ledger/_info}, {@code /api/auth/_info} and the upstreams of its readiness details.
     */
    interface UpstreamInfo {

        /** How long {@code GET /v1/_info} and the relayed {@code _info} routes wait for a service. */
        @WithDefault("2s")
        Duration timeout();

        /**
         * How long the readiness check waits for each service: under the orchestrator's probe timeout (1 s by
         * default in Kubernetes), so that a slow service shows as down in the details rather than failing the probe.
         */
        @WithDefault("500ms")
        Duration healthTimeout();
    }

    /**
     * In-memory token bucket per client id (each gateway replica counts on its own). The defaults let one
     * client use about what one ledger can write (~1,000 transactions/s) and keep the rest of a replica for
     * the other clients; a benchmark raises them through the environment
     * ({@code LAAS_GATEWAY_RATE_LIMIT_REQUESTS_PER_SECOND}, {@code LAAS_GATEWAY_RATE_LIMIT_BURST}).
     */
    interface RateLimit {

        /** Switch rate limiting off entirely (both buckets). */
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

        /**
         * The bucket every credential of one organisation (its {@code org_id} claim) shares, on top of each
         * credential's own; an operator overrides both per organisation at IAM, and the override travels in the
         * access token's {@code limits} claim.
         */
        Organization organization();

        interface Organization {

            @WithDefault("3000")
            double requestsPerSecond();

            @WithDefault("6000")
            int burst();
        }
    }

    /**
     * Failed authentications (the token endpoint answering 401, API keys IAM refuses), counted per client id
     * and per source address in a fixed window; once over, the gateway answers 429 with {@code Retry-After}
     * without asking IAM. Per replica.
     */
    interface AuthFailures {

        @WithDefault("true")
        boolean enabled();

        /** Failures of one client id (an OAuth2 client id, an API key's prefix) per window. */
        @WithDefault("10")
        int maxPerClient();

        /** Failures from one source address per window. */
        @WithDefault("100")
        int maxPerAddress();

        @WithDefault("1m")
        Duration window();

        /** How long an API key IAM refused is refused again without asking IAM (keyed by its SHA-256). */
        @WithDefault("30s")
        Duration refusedKeyTtl();

        /** Refused keys remembered at most. */
        @WithDefault("10000")
        int refusedKeyCacheSize();
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
