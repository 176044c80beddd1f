package io.laas.gateway.auth;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.laas.gateway.ratelimit.AuthFailureThrottle;
import io.laas.gateway.ratelimit.RateLimitedException;
import io.laas.gateway.routing.rest.SourceAddresses;
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
 * <li>any other JWT is verified by quarkus-oidc (signature against IAM's JWKS, issuer, audience, expiry,
 * scopes as roles) and remembered on success.</li>
 * </ul>
 * A request without a bearer credential but with the console's session cookie ({@link SessionCookies}) is
 * authenticated with the access token IAM issues for that session ({@link SessionExchange}), verified like
 * any other. Any other request goes to quarkus-oidc untouched (anonymous, so 401 on the API).
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
    private final AuthFailureThrottle failures;

    public GatewayAuthenticationMechanism(OidcAuthenticationMechanism oidc, ApiKeyExchange exchange,
            VerifiedTokens verified, SessionExchange sessions, AuthFailureThrottle failures) {
        this.failures = failures;
        this.oidc = oidc;
        this.exchange = exchange;
        this.verified = verified;
        this.sessions = sessions;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            String session = SessionCookies.sessionToken(context.request());
            if (session != null) {
                return sessions.accessToken(session).chain(jwt -> verify(context, identities, jwt, true));
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
                    .onFailure(AuthenticationFailedException.class).invoke(() -> failures.failed(null, source))
                    .chain(jwt -> verify(context, identities, jwt, true));
        }
        return verify(context, identities, credential, false);
    }

    private Uni<SecurityIdentity> verify(RoutingContext context, IdentityProviderManager identities, String jwt,
            boolean exchanged) {
        SecurityIdentity known = verified.get(jwt);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        if (exchanged) {
            context.request().headers().set(HttpHeaders.AUTHORIZATION, BEARER + jwt);
        }
        return oidc.authenticate(context, identities).map(identity -> verified.remember(jwt, identity));
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
