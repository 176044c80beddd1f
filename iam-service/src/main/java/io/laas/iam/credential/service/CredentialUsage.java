package io.laas.iam.credential.service;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.laas.iam.apikey.repository.ApiKeyRepository;
import io.laas.iam.client.repository.OAuthClientRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Records when a credential (an API key, an OAuth2 client) was last used, that is had a token issued, at most
 * once a minute per credential: this replica skips credentials it recorded within the minute, and the database
 * skips those any replica recorded within it. Failing to record never fails the token request.
 */
@ApplicationScoped
public class CredentialUsage {

    private static final Logger LOG = Logger.getLogger(CredentialUsage.class);
    static final Duration PRECISION = Duration.ofMinutes(1);

    private final Pool pool;
    private final ApiKeyRepository keys;
    private final OAuthClientRepository clients;
    private final Cache<String, Boolean> recent = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(PRECISION)
            .build();

    public CredentialUsage(Pool pool, ApiKeyRepository keys, OAuthClientRepository clients) {
        this.pool = pool;
        this.keys = keys;
        this.clients = clients;
    }

    public Uni<Void> apiKeyUsed(UUID keyId) {
        return used("API key " + keyId, sql -> keys.touch(sql, keyId));
    }

    public Uni<Void> clientUsed(String clientId) {
        return used("client " + clientId, sql -> clients.touch(sql, clientId));
    }

    private Uni<Void> used(String credential, Function<SqlClient, Uni<Boolean>> touch) {
        if (recent.asMap().putIfAbsent(credential, Boolean.TRUE) != null) {
            return Uni.createFrom().voidItem();
        }
        return touch.apply(pool)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not record the use of %s: %s", credential, failure.toString());
                    recent.invalidate(credential);
                    return false;
                })
                .replaceWithVoid();
    }
}
