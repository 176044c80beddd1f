package io.laas.gateway.routing.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.gateway.auth.Caller;
import io.laas.gateway.ratelimit.RateLimitStatus;
import io.laas.gateway.ratelimit.RateLimiter;
import io.laas.gateway.routing.ForwardedRequest;
import io.laas.gateway.routing.Route;
import io.laas.gateway.routing.RoutingTable;
import io.laas.gateway.routing.Upstream;
import io.laas.web.logging.LogFields;
import io.laas.web.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;

/**
 * Authorises and forwards requests: the API (authenticated, rate limited, routed by {@link RoutingTable},
 * scope and ledger tenancy checked before anything is sent) and IAM's public OAuth endpoints
 * (unauthenticated, relayed as they are).
 */
@ApplicationScoped
public class ApiGateway {

    private static final String BEARER = "Bearer ";

    private final UpstreamProxy proxy;
    private final RateLimiter rateLimiter;

    public ApiGateway(UpstreamProxy proxy, RateLimiter rateLimiter) {
        this.proxy = proxy;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Counts a request of the caller in its credential's and its organisation's buckets.
     *
     * @return the buckets' state to advertise, or null when rate limiting is off
     * @throws io.laas.gateway.ratelimit.RateLimitedException 429 when either bucket is empty (nothing taken)
     */
    public RateLimitStatus admit(Caller caller) {
        return rateLimiter.acquire(caller.clientId(), caller.orgId(), caller.clientLimit(), caller.organizationLimit());
    }

    /**
     * A {@code /v1/…} request of an authenticated caller (admitted by {@link #admit}), forwarded with the caller's access token.
     *
     * @return the service's answer, or a failed future with a {@link ProblemException}: 404 unknown route or ledger not granted, 400 LEDGER_REQUIRED, 403 missing scope,
     *         502/504 service unreachable
     */
    public Future<UpstreamResponse> forwardApi(Caller caller, ForwardedRequest request) {
        Route route;
        try {
            route = RoutingTable.resolve(request.method(), request.path(), caller.ledgers());
            route.ledgerId().ifPresent(ledger -> LogFields.put(LogFields.LEDGER_ID, ledger));
            authorise(caller, route);
        } catch (ProblemException refused) {
            return Future.failedFuture(refused);
        }
        request.headers().set(HttpHeaders.AUTHORIZATION, BEARER + caller.accessToken());
        if (route.upstream() == Upstream.COMMAND) {
            return proxy.sendToCommand(route.ledgerId().orElse(null), request.method(), request.withQuery(route.path()),
                    request.headers(), request.body());
        }
        return proxy.send(route.upstream(), request.method(), request.withQuery(route.path()), request.headers(),
                request.body());
    }

    /**
     * An unauthenticated request for IAM's token endpoint or discovery documents; the client's own
     * {@code Authorization} (client_secret_basic), if it is among the request's headers, travels on.
     *
     * @param iamPath the path at IAM
     */
    public Future<UpstreamResponse> forwardToIam(String iamPath, ForwardedRequest request) {
        return proxy.send(Upstream.IAM, request.method(), request.withQuery(iamPath), request.headers(),
                request.body());
    }

    private static void authorise(Caller caller, Route route) {
        route.requiredScope().ifPresent(scope -> {
            if (!caller.scopes().contains(scope)) {
                throw new ProblemException(403, "FORBIDDEN", "Forbidden",
                        "This operation needs the scope " + scope + ".", Map.of("required_scope", scope));
            }
        });
        route.ledgerId().ifPresent(ledger -> {
            if (!caller.ledgers().contains(ledger)) {
                throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + ledger + " was not found.");
            }
        });
    }
}
