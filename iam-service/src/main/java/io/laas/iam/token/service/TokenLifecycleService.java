package io.laas.iam.token.service;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.iam.revocation.CredentialRevocations;
import io.laas.iam.token.AuthenticatedClient;
import io.laas.iam.token.OAuthError;
import io.laas.iam.token.TokenOperation;
import io.laas.iam.token.repository.RevokedTokenRepository;
import io.laas.outbox.OutboxRelay;
import io.laas.token.revocation.DenyList;
import io.laas.web.security.Scopes;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Revocation (RFC 7009) and introspection (RFC 7662) of the access tokens IAM issued.
 * <ul>
 * <li>Revocation: an authenticated client revokes its own tokens only. The token is recorded in
 * {@code revoked_tokens} (so introspection answers {@code active=false} at once) and {@code token.revoked} is
 * written to the outbox in the same transaction (so every verifier's deny-list refuses it). A token that is not
 * IAM's, has expired or was revoked before changes nothing and is answered like a success.</li>
 * <li>Introspection is for trusted clients: the token's own client, or a platform client (scope
 * {@code ops:admin}, which only the operator's organisation may hold). Anyone else learns only
 * {@code active=false}, whatever the token.</li>
 * </ul>
 */
@ApplicationScoped
public class TokenLifecycleService {

    private static final Logger LOG = Logger.getLogger(TokenLifecycleService.class);

    private final Pool pool;
    private final ClientAuthenticator authenticator;
    private final AccessTokenReader reader;
    private final RevokedTokenRepository revoked;
    private final CredentialRevocations revocations;
    private final DenyList denyList;
    private final OutboxRelay relay;

    public TokenLifecycleService(Pool pool, ClientAuthenticator authenticator, AccessTokenReader reader,
            RevokedTokenRepository revoked, CredentialRevocations revocations, DenyList denyList, OutboxRelay relay) {
        this.pool = pool;
        this.authenticator = authenticator;
        this.reader = reader;
        this.revoked = revoked;
        this.revocations = revocations;
        this.denyList = denyList;
        this.relay = relay;
    }

    /** Revokes the token if the client may; fails with {@link OAuthError} only for the client's own faults. */
    public Uni<Void> revoke(TokenOperation operation) {
        return authenticator.authenticate(operation.credentials())
                .chain(client -> reader.claims(operation.token()).chain(claims -> {
                    if (claims.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    JsonObject token = claims.get();
                    if (!client.clientId().equals(token.getString("client_id"))) {
                        throw OAuthError.unauthorizedClient("The token was not issued to this client.");
                    }
                    Instant expiresAt = Instant.ofEpochSecond(token.getLong("exp"));
                    if (!expiresAt.isAfter(Instant.now())) {
                        return Uni.createFrom().voidItem();
                    }
                    String jti = token.getString("jti");
                    return pool.withTransaction(conn -> revoked.insert(conn, jti, client.clientId(), expiresAt)
                            .chain(inserted -> inserted ? revocations.revokeToken(conn, jti, expiresAt)
                                    : Uni.createFrom().voidItem()))
                            // publish now rather than at the relay's next poll: the 5 s budget starts at the commit
                            .invoke(relay::wake)
                            .invoke(() -> LOG.infof("Client %s revoked access token %s", client.clientId(), jti));
                }));
    }

    /** The RFC 7662 §2.2 answer: the token's claims when active and the client may see them, else active=false. */
    public Uni<JsonObject> introspect(TokenOperation operation) {
        return authenticator.authenticate(operation.credentials())
                .chain(client -> reader.claims(operation.token())
                        .map(claims -> claims.filter(token -> trusted(client, token) && live(token)))
                        .chain(claims -> claims.isEmpty() ? Uni.createFrom().item(Optional.<JsonObject>empty())
                                : revoked.isRevoked(pool, claims.get().getString("jti"))
                                        .map(isRevoked -> isRevoked ? Optional.<JsonObject>empty() : claims)))
                .map(claims -> claims.map(TokenLifecycleService::active).orElse(new JsonObject().put("active", false)));
    }

    private static boolean trusted(AuthenticatedClient client, JsonObject token) {
        return client.clientId().equals(token.getString("client_id")) || client.scopes().contains(Scopes.OPS_ADMIN);
    }

    private boolean live(JsonObject token) {
        long iat = token.getLong("iat", 0L);
        return Instant.ofEpochSecond(token.getLong("exp")).isAfter(Instant.now())
                && !denyList.denies(token.getString("sub"), iat, token.getString("jti"));
    }

    private static JsonObject active(JsonObject claims) {
        JsonObject answer = new JsonObject().put("active", true).put("token_type", "Bearer");
        for (String claim : new String[] { "scope", "client_id", "sub", "aud", "iss", "exp", "iat", "jti", "org_id",
                "project_id", "ledgers" }) {
            if (claims.containsKey(claim)) {
                answer.put(claim, claims.getValue(claim));
            }
        }
        return answer;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetExpired() {
        return revoked.deleteExpired(pool)
                .invoke(count -> LOG.debugf("Forgot %d revocations of expired tokens", count))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
