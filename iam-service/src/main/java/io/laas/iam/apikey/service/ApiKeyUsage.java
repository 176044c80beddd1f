package io.laas.iam.apikey.service;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.laas.iam.apikey.repository.ApiKeyRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Records when an API key was last used (a token issued for it), at most once a minute per key: this replica
 * skips keys it recorded within the minute, and the database skips keys any replica recorded within it.
 * Failing to record never fails the token request.
 */
@ApplicationScoped
public class ApiKeyUsage {

    private static final Logger LOG = Logger.getLogger(ApiKeyUsage.class);
    static final Duration PRECISION = Duration.ofMinutes(1);

    private final Pool pool;
    private final ApiKeyRepository keys;
    private final Cache<UUID, Boolean> recent = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(PRECISION)
            .build();

    public ApiKeyUsage(Pool pool, ApiKeyRepository keys) {
        this.pool = pool;
        this.keys = keys;
    }

    public Uni<Void> used(UUID keyId) {
        if (recent.asMap().putIfAbsent(keyId, Boolean.TRUE) != null) {
            return Uni.createFrom().voidItem();
        }
        return keys.touch(pool, keyId)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not record the use of API key %s: %s", keyId, failure.toString());
                    recent.invalidate(keyId);
                    return false;
                })
                .replaceWithVoid();
    }
}
