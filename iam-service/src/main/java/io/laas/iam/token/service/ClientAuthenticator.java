package io.laas.iam.token.service;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.apikey.service.ApiKeyUsage;
import io.laas.iam.crypto.CredentialHasher;
import io.laas.iam.token.AuthenticatedClient;
import io.laas.iam.token.ClientCredentials;
import io.laas.iam.token.OAuthError;
import io.laas.iam.token.repository.ClientRepository;
import io.laas.web.security.ApiKeyFormat;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Authenticates OAuth2 clients and API keys. An API key is a client credential whose client_id is its
 * 12-character prefix and whose secret is the key itself; it is found by the HMAC of the whole key, and its
 * tokens name the key's id as subject. A checksummed key whose checksum is wrong is refused without a
 * lookup. Every failure is the same {@code invalid_client}, so a caller cannot tell an unknown client from a
 * wrong secret or a revoked key.
 */
@ApplicationScoped
public class ClientAuthenticator {

    private static final String FAILED = "Client authentication failed.";
    // Compared against when the client is unknown, so both paths compute one HMAC.
    private static final String NO_HASH = "no-such-client";

    private final Pool pool;
    private final ClientRepository clients;
    private final CredentialHasher hasher;
    private final ApiKeyUsage usage;

    public ClientAuthenticator(Pool pool, ClientRepository clients, CredentialHasher hasher, ApiKeyUsage usage) {
        this.pool = pool;
        this.clients = clients;
        this.hasher = hasher;
        this.usage = usage;
    }

    public Uni<AuthenticatedClient> authenticate(ClientCredentials credentials) {
        return ApiKeyFormat.looksLikeApiKey(credentials.clientId())
                ? authenticateApiKey(credentials)
                : authenticateClient(credentials);
    }

    private Uni<AuthenticatedClient> authenticateClient(ClientCredentials credentials) {
        return clients.findClient(pool, credentials.clientId()).map(found -> {
            OffsetDateTime now = OffsetDateTime.now();
            boolean current = hasher.matches(credentials.secret(), found.map(c -> c.secretHash()).orElse(NO_HASH));
            boolean previous = !current && found.map(c -> c.previousSecretHash() != null
                    && c.previousSecretExpiresAt().isAfter(now)
                    && hasher.matches(credentials.secret(), c.previousSecretHash())).orElse(false);
            if (found.isEmpty() || !(current || previous) || found.get().revoked()) {
                throw failed(credentials);
            }
            var client = found.get();
            return new AuthenticatedClient(client.clientId(), client.orgId(), client.projectId(), client.scopes(),
                    client.ledgerIds(), previous ? client.previousSecretExpiresAt().toInstant() : null);
        });
    }

    private Uni<AuthenticatedClient> authenticateApiKey(ClientCredentials credentials) {
        String secret = credentials.secret();
        if (!ApiKeyFormat.isWellFormed(secret) || !ApiKeyFormat.prefix(secret).equals(credentials.clientId())) {
            return Uni.createFrom().failure(failed(credentials));
        }
        return clients.findApiKeyByHash(pool, hasher.hash(secret)).map(found -> {
            var key = found.filter(k -> k.prefix().equals(credentials.clientId())).orElseThrow(() -> failed(credentials));
            OffsetDateTime now = OffsetDateTime.now();
            if (!key.active() || key.revokedAt() != null || (key.expiresAt() != null && !key.expiresAt().isAfter(now))) {
                throw failed(credentials);
            }
            return new AuthenticatedClient(key.id().toString(), key.orgId(), key.projectId(), key.scopes(),
                    key.ledgerIds(), key.expiresAt() == null ? null : key.expiresAt().toInstant());
        }).call(client -> usage.used(java.util.UUID.fromString(client.clientId())));
    }

    private static OAuthError failed(ClientCredentials credentials) {
        return OAuthError.invalidClient(FAILED, credentials.basic());
    }
}
