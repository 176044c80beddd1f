package io.laas.gateway.auth;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
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
 * Bearer authentication that also accepts a raw API key: {@code Authorization: Bearer sk_…} is exchanged
 * at IAM for an access token, the header is replaced by {@code Bearer <jwt>}, and the request is then
 * authenticated by quarkus-oidc exactly as if the client had sent that JWT (signature, issuer, audience,
 * expiry, scopes as roles). Everything else goes straight to quarkus-oidc.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private final OidcAuthenticationMechanism oidc;
    private final ApiKeyExchange exchange;

    public ApiKeyAuthenticationMechanism(OidcAuthenticationMechanism oidc, ApiKeyExchange exchange) {
        this.oidc = oidc;
        this.exchange = exchange;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return oidc.authenticate(context, identities);
        }
        String credential = authorization.substring(BEARER.length()).trim();
        if (!ApiKeyExchange.isApiKey(credential)) {
            return oidc.authenticate(context, identities);
        }
        return exchange.accessToken(credential).onItem().transformToUni(jwt -> {
            context.request().headers().set(HttpHeaders.AUTHORIZATION, BEARER + jwt);
            return oidc.authenticate(context, identities);
        });
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
