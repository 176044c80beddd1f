package io.laas.iam.token.service;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.crypto.ApiKeys;
import io.laas.iam.crypto.CredentialHasher;
import io.laas.iam.token.AuthenticatedClient;
import io.laas.iam.token.ClientCredentials;
import io.laas.iam.token.OAuthError;
import io.laas.iam.token.repository.ClientRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Authenticates OAuth2 clients and API keys. An API key is a client credential whose client_id is
 * its prefix and whose secret is the key itself. Every failure is the same {@code invalid_client}, so
 * a caller cannot tell an unknown client from a wrong secret or a revoked key.
 */
@ApplicationScoped
public class ClientAuthenticator {

    private static final String FAILED = "Client authentication failed.";
    // Compared against when the client is unknown, so both paths compute one HMAC.
    private static final String NO_HASH = "no-such-client";

    private final Pool pool;
    private final ClientRepository clients;
    private final CredentialHasher hasher;

    public ClientAuthenticator(Pool pool, ClientRepository clients, CredentialHasher hasher) {
        this.pool = pool;
        this.clients = clients;
        this.hasher = hasher;
    }

    public Uni<AuthenticatedClient> authenticate(ClientCredentials credentials) {
        return ApiKeys.looksLikeApiKey(credentials.clientId())
                ? authenticateApiKey(credentials)
                : authenticateClient(credentials);
    }

    private Uni<AuthenticatedClient> authenticateClient(ClientCredentials credentials) {
        return clients.findClient(pool, credentials.clientId()).map(found -> {
            boolean secretMatches = hasher.matches(credentials.secret(), found.map(c -> c.secretHash()).orElse(NO_HASH));
            if (found.isEmpty() || !secretMatches || found.get().revoked()) {
                throw failed(credentials);
            }
            var client = found.get();
            return new AuthenticatedClient(client.clientId(), client.orgId(), client.projectId(), client.scopes(),
                    client.ledgerIds());
        });
    }

    private Uni<AuthenticatedClient> authenticateApiKey(ClientCredentials credentials) {
        String secret = credentials.secret();
        return clients.findApiKeyByHash(pool, hasher.hash(secret)).map(found -> {
            var key = found.filter(k -> secret.length() >= ApiKeys.PREFIX_LENGTH
                    && k.prefix().equals(credentials.clientId())
                    && ApiKeys.prefix(secret).equals(k.prefix()))
                    .orElseThrow(() -> failed(credentials));
            OffsetDateTime now = OffsetDateTime.now();
            if (!key.active() || key.revokedAt() != null || (key.expiresAt() != null && !key.expiresAt().isAfter(now))) {
                throw failed(credentials);
            }
            return new AuthenticatedClient(key.prefix(), key.orgId(), key.projectId(), key.scopes(), List.of(key.ledgerId()));
        });
    }

    private static OAuthError failed(ClientCredentials credentials) {
        return OAuthError.invalidClient(FAILED, credentials.basic());
    }
}
