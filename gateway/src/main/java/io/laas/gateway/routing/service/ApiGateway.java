package io.laas.gateway.routing.service;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.gateway.ratelimit.RateLimiter;
import io.laas.gateway.routing.Route;
import io.laas.gateway.routing.RoutingTable;
import io.laas.gateway.routing.Upstream;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * Authorises and forwards requests: the API (authenticated, rate limited, routed by {@link RoutingTable},
 * scope and ledger tenancy checked before anything is sent) and IAM's public OAuth endpoints
 * (unauthenticated, relayed as they are).
 */
@ApplicationScoped
public class ApiGateway {

    private final UpstreamProxy proxy;
    private final RateLimiter rateLimiter;

    public ApiGateway(UpstreamProxy proxy, RateLimiter rateLimiter) {
        this.proxy = proxy;
        this.rateLimiter = rateLimiter;
    }

    /** An authenticated {@code /v1/…} request. */
    public Uni<UpstreamResponse> forwardApi(HttpServerRequest request, SecurityIdentity identity, Buffer body,
            String requestId) {
        return Uni.createFrom().deferred(() -> {
            if (!(identity.getPrincipal() instanceof JsonWebToken token) || token.getRawToken() == null) {
                throw new AuthenticationFailedException("No bearer token");
            }
            rateLimiter.acquire(clientId(token));
            String method = request.method().name();
            Set<UUID> granted = LedgerAccess.grantedLedgers(token);
            Route route = RoutingTable.resolve(method, request.path(), granted);
            route.requiredScope().ifPresent(scope -> {
                if (!identity.hasRole(scope)) {
                    throw new ProblemException(403, "FORBIDDEN", "Forbidden",
                            "This operation needs the scope " + scope + ".", Map.of("required_scope", scope));
                }
            });
            route.ledgerId().ifPresent(ledger -> {
                if (!granted.contains(ledger)) {
                    throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + ledger + " was not found.");
                }
            });
            return proxy.send(route.upstream(), method, withQuery(route.path(), request.query()),
                    ForwardedHeaders.build(request, "Bearer " + token.getRawToken(), requestId, null), body);
        });
    }

    /**
     * An unauthenticated request for IAM's token endpoint or discovery documents; the client's own
     * {@code Authorization} (client_secret_basic) is relayed untouched.
     *
     * @param iamPath the path at IAM
     * @param strippedPrefix the public prefix removed from the path ({@code /api/auth}), or null
     */
    public Uni<UpstreamResponse> forwardToIam(HttpServerRequest request, String iamPath, String strippedPrefix,
            Buffer body, String requestId) {
        return proxy.send(Upstream.IAM, request.method().name(), withQuery(iamPath, request.query()),
                ForwardedHeaders.build(request, request.getHeader("authorization"), requestId, strippedPrefix), body);
    }

    private static String clientId(JsonWebToken token) {
        Object clientId = token.getClaim("client_id");
        String value = clientId instanceof jakarta.json.JsonString json ? json.getString()
                : clientId == null ? null : clientId.toString();
        return value == null || value.isBlank() ? String.valueOf(token.getSubject()) : value;
    }

    private static String withQuery(String path, String query) {
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }
}
