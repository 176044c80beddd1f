package io.laas.ledger.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How this service resolves a ledger it has not learned from the registry's events yet ({@code laas.ledger.registry.*}):
 * it asks IAM ({@code GET /v1/ops/registry/ledgers/{id}}) with its own client-credentials identity, a client of the
 * operator's organisation with scope {@code ops:admin}, never with the caller's token.
 */
@ConfigMapping(prefix = "laas.ledger.registry")
public interface RegistryConfig {

    /** Whether unknown ledgers are looked up at IAM at all; without it they are unknown until their event. */
    @WithDefault("true")
    boolean lookupEnabled();

    /** Base URL of iam-service, where the registry is read. */
    @WithDefault("http://localhost:8081")
    String iamUrl();

    /** IAM's token endpoint (client_credentials). */
    @WithDefault("http://localhost:8081/oauth/token")
    String tokenUrl();

    /** The service's own OAuth2 client (scope {@code ops:admin}, in the operator's organisation). */
    @WithDefault("ledger-command-service")
    String clientId();

    /** Its secret ({@code LAAS_LEDGER_REGISTRY_CLIENT_SECRET}); without it a lookup answers 503 REGISTRY_UNAVAILABLE. */
    Optional<String> clientSecret();

    /** Timeout of one call to IAM (token or lookup). */
    @WithDefault("5s")
    Duration requestTimeout();

    /**
     * How long IAM's "no such ledger" is remembered, so that requests naming an unknown id cannot make one IAM call
     * each; a ledger created meanwhile is found once this has passed (or at once, when its event arrives).
     */
    @WithDefault("5s")
    Duration unknownTtl();

    /** Most unknown ids remembered at once. */
    @WithDefault("10000")
    int unknownCacheSize();
}
