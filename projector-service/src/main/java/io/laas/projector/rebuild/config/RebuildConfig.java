package io.laas.projector.rebuild.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Online rebuilds of a ledger's projection (docs/architecture.md, "Rebuilding a ledger's projection"). The
 * projector reads the ledger's events from the command service's feed with its own client-credentials identity
 * (a client of the operator's organisation with scope {@code ops:admin}), never with the operator's token.
 */
@ConfigMapping(prefix = "laas.projector.rebuild")
public interface RebuildConfig {

    /** Base URL of ledger-command-service, whose {@code GET /v1/ledgers/{id}/events} is the source of truth. */
    @WithDefault("http://localhost:8082")
    String commandUrl();

    /** IAM's token endpoint (client_credentials). */
    @WithDefault("http://localhost:8081/oauth/token")
    String tokenUrl();

    /** The projector's own OAuth2 client (scope {@code ops:admin}, in the operator's organisation). */
    @WithDefault("projector-service")
    String clientId();

    /** Its secret (from the environment: {@code LAAS_PROJECTOR_REBUILD_CLIENT_SECRET}); without it a rebuild fails. */
    Optional<String> clientSecret();

    /** Events read per page of the feed (the feed allows 1 to 1,000). */
    @WithDefault("1000")
    int pageSize();

    /** Timeout of one call to the feed or to the token endpoint. */
    @WithDefault("30s")
    Duration requestTimeout();

    /**
     * A running rebuild writes a heartbeat with every page; one whose heartbeat is older than this is taken for
     * abandoned (its replica stopped) and marked failed, and its copy dropped.
     */
    @WithDefault("60s")
    Duration lease();

    /**
     * The swap needs the copy to have reached the live projection; if live events keep overtaking it, the copy
     * catches up and tries again, at most this many times, then the rebuild fails.
     */
    @WithDefault("10")
    int swapAttempts();

    /** Connections of the pool that writes the copy (its own pool: its search_path is the copy's schema). */
    @WithDefault("1")
    int poolSize();
}
