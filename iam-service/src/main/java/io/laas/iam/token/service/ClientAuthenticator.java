package io.laas.iam.token.service;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.iam.credential.service.CredentialUsage;
import io.laas.iam.crypto.CredentialHasher;
import io.laas.iam.token.AuthenticatedClient;
import io.laas.iam.token.ClientCredentials;
import io.laas.iam.token.OAuthError;
import io.laas.iam.token.repository.ClientRepository;
import io.laas.web.logging.LogFields;
import io.laas.web.security.ApiKeyFormat;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Authenticates OAuth2 clients and API keys. An API key is a client credential whose client_id is its
 * 12-character prefix and whose secret is the key itself; it is found by the HMAC of the whole key, and its
 * tokens name the key's id as subject. A checksummed key whose checksum is wrong is refused without a
 * lookup. A credential found under a previous version of the server secret is rehashed under the current one.
 * Every failure is the same {@code invalid_client}, so a caller cannot tell an unknown client from a
 * wrong secret or a revoked key.
 */
@ApplicationScoped
public class ClientAuthenticator {

    private static final Logger LOG = Logger.getLogger(ClientAuthenticator.class);
    private static final String FAILED = "Client authentication failed.";
    // Compared against when the client is unknown, so both paths compute one HMAC.
    private static final String NO_HASH = "no-such-client";

    private final Pool pool;
    private final ClientRepository clients;
    private final CredentialHasher hasher;
    private final CredentialUsage usage;

    public ClientAuthenticator(Pool pool, ClientRepository clients, CredentialHasher hasher, CredentialUsage usage) {
        this.pool = pool;
        this.clients = clients;
        this.hasher = hasher;
        this.usage = usage;
    }

    public Uni<AuthenticatedClient> authenticate(ClientCredentials credentials) {
        // the id presented (a key's prefix) until the credential is known (a key's id)
        LogFields.put(LogFields.CREDENTIAL_ID, credentials.clientId());
        Uni<AuthenticatedClient> authenticated = ApiKeyFormat.looksLikeApiKey(credentials.clientId())
                ? authenticateApiKey(credentials)
                : authenticateClient(credentials);
        return authenticated.invoke(client -> {
            LogFields.put(LogFields.CREDENTIAL_ID, client.clientId());
            LogFields.put(LogFields.ORG_ID, client.orgId());
            LogFields.put(LogFields.PROJECT_ID, client.projectId());
        });
    }

    private Uni<AuthenticatedClient> authenticateClient(ClientCredentials credentials) {
        return clients.findClient(pool, credentials.clientId()).chain(found -> {
            OffsetDateTime now = OffsetDateTime.now();
            String secret = credentials.secret();
            boolean current = hasher.matches(secret, found.map(c -> c.secretHash()).orElse(NO_HASH),
                    found.map(c -> c.secretHashVersion()).orElse(hasher.currentVersion()));
            boolean previous = !current && found.map(c -> c.previousSecretHash() != null
                    && c.previousSecretExpiresAt().isAfter(now)
                    && hasher.matches(secret, c.previousSecretHash(), c.previousSecretHashVersion())).orElse(false);
            if (found.isEmpty() || !(current || previous) || found.get().revoked()) {
                return Uni.createFrom().failure(failed(credentials));
            }
            var client = found.get();
            int version = current ? client.secretHashVersion() : client.previousSecretHashVersion();
            Uni<Void> rehashed = version == hasher.currentVersion() ? Uni.createFrom().voidItem()
                    : rehash(clients.rehashClientSecret(pool, client.clientId(), previous,
                            current ? client.secretHash() : client.previousSecretHash(), hasher.hash(secret).hash(),
                            hasher.currentVersion()), "client " + client.clientId());
            return rehashed.replaceWith(new AuthenticatedClient(client.clientId(), client.orgId(), client.projectId(),
                    client.scopes(), client.ledgerIds(), previous ? client.previousSecretExpiresAt().toInstant() : null));
        }).call(client -> usage.clientUsed(client.clientId()));
    }

    private Uni<AuthenticatedClient> authenticateApiKey(ClientCredentials credentials) {
        String secret = credentials.secret();
        if (!ApiKeyFormat.isWellFormed(secret) || !ApiKeyFormat.prefix(secret).equals(credentials.clientId())) {
            return Uni.createFrom().failure(failed(credentials));
        }
        List<CredentialHasher.Hashed> hashes = hasher.hashesUnderEveryVersion(secret);
        return clients.findApiKeyByHashes(pool, hashes.stream().map(CredentialHasher.Hashed::hash).toList()).chain(found -> {
            var key = found.filter(k -> k.prefix().equals(credentials.clientId())).orElse(null);
            OffsetDateTime now = OffsetDateTime.now();
            if (key == null || !key.active() || key.revokedAt() != null
                    || (key.expiresAt() != null && !key.expiresAt().isAfter(now))) {
                return Uni.createFrom().failure(failed(credentials));
            }
            CredentialHasher.Hashed current = hashes.get(0);
            boolean underCurrent = key.keyHash().equals(current.hash()) && key.keyHashVersion() == current.version();
            Uni<Void> rehashed = underCurrent ? Uni.createFrom().voidItem()
                    : rehash(clients.rehashApiKey(pool, key.id(), key.keyHash(), current.hash(), current.version()),
                            "API key " + key.id());
            return rehashed.replaceWith(new AuthenticatedClient(key.id().toString(), key.orgId(), key.projectId(),
                    key.scopes(), key.ledgerIds(), key.expiresAt() == null ? null : key.expiresAt().toInstant()));
        }).call(client -> usage.apiKeyUsed(java.util.UUID.fromString(client.clientId())));
    }

    /** Rehashing under the current secret is done once, when the credential is next used; failing it fails nothing. */
    private static Uni<Void> rehash(Uni<Void> update, String credential) {
        return update.onFailure().recoverWithUni(failure -> {
            LOG.warnf("Could not rehash %s under the current api-key secret: %s", credential, failure.toString());
            return Uni.createFrom().voidItem();
        });
    }

    private static OAuthError failed(ClientCredentials credentials) {
        return OAuthError.invalidClient(FAILED, credentials.basic());
    }
}
