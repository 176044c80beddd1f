package io.laas.gateway.auth;

import java.time.Instant;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.gateway.auth.AuthFailureMetrics.Reason;
import io.laas.gateway.ratelimit.AuthFailureThrottle;
import io.laas.gateway.ratelimit.RateLimitedException;
import io.laas.gateway.routing.rest.SourceAddresses;
import io.laas.token.AccessTokenRules;
import io.laas.token.RejectedTokenException;
import io.laas.token.revocation.DenyList;
import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Bearer authentication in front of quarkus-oidc:
 * <ul>
 * <li>a raw API key ({@code Authorization: Bearer sk_…}) is exchanged at IAM for an access token
 * ({@link ApiKeyExchange}) and the request is then authenticated as if the client had sent that JWT; a
 * source address that has had too many keys refused gets 429 without any exchange
 * ({@link AuthFailureThrottle});</li>
 * <li>a JWT verified before and not yet expired is answered from {@link VerifiedTokens};</li>
 * <li>any other JWT must first pass the header rules of {@link AccessTokenRules} (typ {@code at+jwt}, RS256),
 * is then verified by quarkus-oidc (signature against IAM's JWKS, issuer, audience, expiry, scopes as roles),
 * then by the lifetime rule, and remembered on success.</li>
 * </ul>
 * A request without a bearer credential but with the console's session cookie ({@link SessionCookies}) is
 * authenticated with the access token IAM issues for that session ({@link SessionExchange}), verified like
 * any other. Every request, cached or not, is refused when the {@link DenyList} names its token or its
 * subject. Any other request goes to quarkus-oidc untouched (anonymous, so 401 on the API).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class GatewayAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private final OidcAuthenticationMechanism oidc;
    private final ApiKeyExchange exchange;
    private final VerifiedTokens verified;
    private final SessionExchange sessions;
    private final AccessTokenRules rules;
    private final DenyList denyList;
    private final AuthFailureThrottle failures;
    private final AuthFailureMetrics metrics;

    public GatewayAuthenticationMechanism(OidcAuthenticationMechanism oidc, ApiKeyExchange exchange,
            VerifiedTokens verified, SessionExchange sessions, AccessTokenRules rules, DenyList denyList,
            AuthFailureThrottle failures, AuthFailureMetrics metrics) {
        this.failures = failures;
        this.metrics = metrics;
        this.oidc = oidc;
        this.exchange = exchange;
        this.verified = verified;
        this.sessions = sessions;
        this.rules = rules;
        this.denyList = denyList;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            String session = SessionCookies.sessionToken(context.request());
            if (session != null) {
                return sessions.accessToken(session)
                        .onFailure(AuthenticationFailedException.class).invoke(() -> metrics.failed(Reason.SESSION_REFUSED))
                        .chain(jwt -> verify(context, identities, jwt, true));
            }
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return oidc.authenticate(context, identities);
        }
        String credential = authorization.substring(BEARER.length()).trim();
        if (ApiKeyExchange.isApiKey(credential)) {
            String source = SourceAddresses.of(context);
            try {
                failures.check(null, source);
            } catch (RateLimitedException throttled) {
                return Uni.createFrom().failure(throttled);
            }
            return exchange.accessToken(credential)
                    .onFailure(AuthenticationFailedException.class).invoke(() -> {
                        failures.failed(null, source);
                        metrics.failed(Reason.API_KEY_REFUSED);
                    })
                    .chain(jwt -> verify(context, identities, jwt, true));
        }
        return verify(context, identities, credential, false);
    }

    private Uni<SecurityIdentity> verify(RoutingContext context, IdentityProviderManager identities, String jwt,
            boolean exchanged) {
        SecurityIdentity known = verified.get(jwt);
        if (known != null) {
            Caller caller = Caller.of(known);
            if (denyList.denies(caller.subject(), caller.issuedAt(), caller.tokenId())) {
                metrics.failed(Reason.TOKEN_REVOKED);
                return Uni.createFrom().failure(new AuthenticationFailedException("Revoked access token"));
            }
            return Uni.createFrom().item(known);
        }
        try {
            rules.checkHeader(jwt);
        } catch (RejectedTokenException e) {
            metrics.failed(Reason.TOKEN_MALFORMED);
            return Uni.createFrom().failure(new AuthenticationFailedException("Access token refused: " + e.getMessage()));
        }
        if (exchanged) {
            context.request().headers().set(HttpHeaders.AUTHORIZATION, BEARER + jwt);
        }
        return oidc.authenticate(context, identities)
                .onFailure(AuthenticationFailedException.class).invoke(() -> metrics.tokenRefused(jwt))
                .map(identity -> verified.remember(jwt, checked(identity)));
    }

    /** The lifetime rule and the deny-list, on a token quarkus-oidc has just verified. */
    private SecurityIdentity checked(SecurityIdentity identity) {
        if (identity != null && identity.getPrincipal() instanceof JsonWebToken token) {
            try {
                rules.checkTimes(token.getIssuedAtTime(), token.getExpirationTime(), Instant.now());
            } catch (RejectedTokenException e) {
                metrics.failed(Reason.TOKEN_INVALID);
                throw new AuthenticationFailedException("Access token refused: " + e.getMessage());
            }
            if (denyList.denies(token.getSubject(), token.getIssuedAtTime(), token.getTokenID())) {
                metrics.failed(Reason.TOKEN_REVOKED);
                throw new AuthenticationFailedException("Revoked access token");
            }
        }
        return identity;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return oidc.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return oidc.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return oidc.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        // ahead of quarkus-oidc's own registration, which then finds nothing left to do
        return oidc.getPriority() + 1;
    }
}
