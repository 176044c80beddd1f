package io.laas.iam.token.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.iam.config.IamConfig;
import io.laas.iam.config.IssuerConfig;
import io.laas.iam.keys.SigningKey;
import io.laas.iam.keys.service.SigningKeyService;
import io.laas.iam.quota.QuotaOverrides;
import io.laas.iam.quota.service.QuotaService;
import io.laas.iam.token.AuthenticatedClient;
import io.laas.iam.token.OAuthError;
import io.laas.iam.token.TokenRequest;
import io.laas.iam.token.TokenResponse;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.mutiny.Uni;

/** The client_credentials grant (RFC 6749 §4.4) issuing RFC 9068 access tokens. */
@ApplicationScoped
@Startup // validates laas.iam.token-ttl at start, not at the first request
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);
    private static final Duration MAX_TTL = Duration.ofMinutes(15);

    private final ClientAuthenticator authenticator;
    private final SigningKeyService keys;
    private final IssuerConfig issuer;
    private final Duration ttl;

    private final QuotaService quotas;

    public TokenService(ClientAuthenticator authenticator, SigningKeyService keys, IssuerConfig issuer,
            IamConfig config, QuotaService quotas) {
        this.quotas = quotas;
        this.authenticator = authenticator;
        this.keys = keys;
        this.issuer = issuer;
        this.ttl = config.tokenTtl();
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalStateException("laas.iam.token-ttl must be between 1s and 15m, was " + ttl);
        }
    }

    /**
     * Authenticates the client, grants the scopes it asked for (all of its own when none) and signs the
     * access token. Fails with {@link OAuthError} {@code invalid_client} or {@code invalid_scope}.
     */
    public Uni<TokenResponse> issue(TokenRequest request) {
        return authenticator.authenticate(request.credentials())
                .map(client -> new Grant(client, grantedScopes(client, request.requestedScopes())))
                .chain(grant -> quotas.overrides(grant.client().orgId())
                        .chain(overrides -> keys.activeKey().map(key -> sign(grant, overrides, key))))
                .invoke(response -> LOG.debugf("Issued an access token to %s", request.credentials().clientId()));
    }

    private record Grant(AuthenticatedClient client, List<String> scopes) {
    }

    /** The requested scopes, each of which the client must hold; all the client's scopes when none are asked. */
    static List<String> grantedScopes(AuthenticatedClient client, Set<String> asked) {
        if (asked.isEmpty()) {
            return client.scopes();
        }
        List<String> denied = asked.stream().filter(s -> !client.scopes().contains(s)).toList();
        if (!denied.isEmpty()) {
            throw OAuthError.invalidScope("The client may not request scope " + String.join(" ", denied) + ".");
        }
        // in the client's own order, so equal requests yield equal tokens
        return client.scopes().stream().filter(asked::contains).toList();
    }

    private TokenResponse sign(Grant grant, QuotaOverrides overrides, SigningKey key) {
        AuthenticatedClient client = grant.client();
        Instant now = Instant.now();
        // a token never outlives its credential (an expiring key, a secret in its rotation overlap)
        Instant expiresAt = client.notAfter() != null && client.notAfter().isBefore(now.plus(ttl))
                ? client.notAfter() : now.plus(ttl);
        String scope = String.join(" ", grant.scopes());
        List<String> ledgers = new ArrayList<>(client.ledgers().stream().map(UUID::toString).toList());
        var claims = Jwt.issuer(issuer.issuer());
        withLimits(claims, overrides);
        String token = claims
                .subject(client.clientId())
                .audience(issuer.audience())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim("jti", UUID.randomUUID().toString())
                .claim("client_id", client.clientId())
                .claim("scope", scope)
                .claim("org_id", client.orgId().toString())
                .claim("project_id", client.projectId().toString())
                .claim("ledgers", ledgers)
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(key.kid())
                .type("at+jwt")
                .sign(key.privateKey());
        return new TokenResponse(token, "Bearer", Math.max(0, Duration.between(now, expiresAt).toSeconds()), scope);
    }

    /**
     * An access token for a person signed in to the console: {@code sub} and {@code client_id} are the
     * person's id, the scopes those of their role, the ledgers every ledger of the organisation. It never
     * outlives {@code notAfter}, the end of the session it is issued for.
     */
    public Uni<TokenResponse> issueForPerson(UUID userId, UUID organizationId, List<String> scopes, List<UUID> ledgers,
            Instant notAfter) {
        return quotas.overrides(organizationId).chain(overrides -> keys.activeKey().map(key -> {
            Instant now = Instant.now();
            Instant expiry = now.plus(ttl).isAfter(notAfter) ? notAfter : now.plus(ttl);
            String scope = String.join(" ", scopes);
            var claims = Jwt.issuer(issuer.issuer());
            withLimits(claims, overrides);
            String token = claims
                    .subject(userId.toString())
                    .audience(issuer.audience())
                    .issuedAt(now)
                    .expiresAt(expiry)
                    .claim("jti", UUID.randomUUID().toString())
                    .claim("client_id", userId.toString())
                    .claim("scope", scope)
                    .claim("org_id", organizationId.toString())
                    .claim("ledgers", new ArrayList<>(ledgers.stream().map(UUID::toString).toList()))
                    .jws()
                    .algorithm(SignatureAlgorithm.RS256)
                    .keyId(key.kid())
                    .type("at+jwt")
                    .sign(key.privateKey());
            return new TokenResponse(token, "Bearer", Math.max(0, Duration.between(now, expiry).toSeconds()), scope);
        }));
    }

    /**
     * The organisation's overridden limits, which the gateway (rates) and the webhook service (endpoint count)
     * enforce without asking IAM: an override reaches them with the organisation's next token.
     */
    private static void withLimits(JwtClaimsBuilder claims, QuotaOverrides overrides) {
        Map<String, Object> limits = overrides.tokenClaim();
        if (!limits.isEmpty()) {
            claims.claim("limits", limits);
        }
    }
}
