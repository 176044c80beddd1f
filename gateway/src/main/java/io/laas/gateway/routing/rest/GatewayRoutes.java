package io.laas.gateway.routing.rest;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.laas.gateway.auth.AuthFailureMetrics;
import io.laas.gateway.auth.AuthFailureMetrics.Reason;
import io.laas.gateway.auth.Caller;
import io.laas.gateway.auth.SessionCookies;
import io.laas.gateway.auth.SessionExchange;
import io.laas.gateway.config.SessionConfig;
import io.laas.gateway.info.rest.PlatformInfoResource;
import io.laas.gateway.ratelimit.AuthFailureThrottle;
import io.laas.gateway.ratelimit.RateLimitStatus;
import io.laas.gateway.ratelimit.RateLimitedException;
import io.laas.gateway.routing.ForwardedRequest;
import io.laas.gateway.routing.IamRelays;
import io.laas.gateway.routing.RouteTemplates;
import io.laas.gateway.routing.service.ApiGateway;
import io.laas.gateway.routing.service.UpstreamResponse;
import io.laas.web.logging.LogFields;
import io.laas.web.problem.OversizedBodyHandler;
import io.laas.web.problem.ProblemException;
import io.quarkus.micrometer.runtime.binder.vertx.HttpRequestMetric;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The gateway's HTTP surface, as Vert.x routes (a proxy has no use for JAX-RS dispatch, parameter
 * binding or entity writers):
 * <ul>
 * <li>{@code /v1/…}: the API. The caller is authenticated by Quarkus' HTTP authentication
 * ({@code GatewayAuthenticationMechanism}, quarkus-oidc) when the route asks for the identity; then the
 * request is rate limited, routed, authorised and forwarded by {@link ApiGateway}.</li>
 * <li>{@code POST /oauth/token}, {@code /oauth/revoke}, {@code /oauth/introspect} and
 * {@code GET /.well-known/{document}}, also under {@code /api/auth}
 * (prefix stripped, sent as {@code x-forwarded-prefix}): IAM's public endpoints, unauthenticated; the
 * client's own {@code Authorization} (client_secret_basic) travels on.</li>
 * <li>{@code GET /_info}, {@code /v1/_info}, {@code /api/ledger/_info}, {@code /api/auth/_info}: versions,
 * unauthenticated ({@code PlatformInfoResource}, JAX-RS).</li>
 * <li>anything else: the console ({@code ConsoleRoutes}) when it is built in, for {@code GET} and
 * {@code HEAD} outside the API's prefixes; otherwise 404 NOT_FOUND.</li>
 * </ul>
 * Every gateway error is {@code application/problem+json}; a service's answer is relayed as it is.
 */
@ApplicationScoped
public class GatewayRoutes {

    static final String API_AUTH_PREFIX = "/api/auth";
    private static final Pattern DOCUMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
    /** After Quarkus' security filters (negative orders), before its default routes. */
    private static final int ORDER = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT;
    /** After every route Quarkus and its extensions register (/q/health, /q/metrics, …) and the console's. */
    private static final int FALLBACK_ORDER = RouteConstants.ROUTE_ORDER_AFTER_DEFAULT + 10_000;

    private static final BiConsumer<RoutingContext, Throwable> AUTHENTICATION_FAILED = HttpProblems::fail;

    private final ApiGateway gateway;
    private final OversizedBodyHandler limits;
    private final SessionRoutes sessionRoutes;
    private final SessionExchange sessions;
    private final List<String> allowedOrigins;
    private final AuthFailureThrottle failures;
    private final AuthFailureMetrics authFailures;

    public GatewayRoutes(ApiGateway gateway, OversizedBodyHandler limits, SessionRoutes sessionRoutes,
            SessionExchange sessions, SessionConfig sessionConfig, AuthFailureThrottle failures,
            AuthFailureMetrics authFailures) {
        this.failures = failures;
        this.authFailures = authFailures;
        this.gateway = gateway;
        this.limits = limits;
        this.sessionRoutes = sessionRoutes;
        this.sessions = sessions;
        this.allowedOrigins = sessionConfig.allowedOrigins().orElse(List.of());
    }

    void register(@Observes Router router) {
        // http_server_requests_seconds counts an API request under its endpoint's template; set before any handler
        // that may answer (the body size limit included), so that no raw path becomes a tag
        router.route("/v1/*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(context -> {
            HttpRequestMetric metric = HttpRequestMetric.getRequestMetric(context);
            if (metric != null) {
                metric.setTemplatePath(RouteTemplates.of(context.request().path()));
            }
            context.next();
        });
        // bodies only where there are any, each bounded by its path's limit (bulk endpoints take more)
        BodyHandler body = BodyHandler.create(false).setBodyLimit(limits.limitFor("/"));
        BodyHandler bulkBody = BodyHandler.create(false).setBodyLimit(limits.limitFor("/v1/transactions/bulk"));
        sessionRoutes.register(router, ORDER, body);
        for (HttpMethod method : new HttpMethod[] { HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE }) {
            router.route(method, "/v1/*").order(ORDER).handler(context -> {
                if (OversizedBodyHandler.isBulk(context.normalizedPath())) {
                    bulkBody.handle(context);
                } else {
                    body.handle(context);
                }
            });
        }
        router.route("/v1/*").order(ORDER).handler(this::api);

        for (String endpoint : IamRelays.OAUTH_ENDPOINTS) {
            router.route(HttpMethod.POST, endpoint).order(ORDER).handler(body).handler(this::oauth);
            router.route(HttpMethod.POST, API_AUTH_PREFIX + endpoint).order(ORDER).handler(body).handler(this::oauth);
        }
        for (String path : new String[] { "/.well-known/:document", API_AUTH_PREFIX + "/.well-known/:document" }) {
            router.route(HttpMethod.GET, path).order(ORDER).handler(this::wellKnown);
            router.route(HttpMethod.HEAD, path).order(ORDER).handler(this::wellKnown);
        }

        router.route().order(FALLBACK_ORDER).handler(context -> notFound(context, "No route for "
                + context.request().path() + "."));
    }

    private void api(RoutingContext context) {
        if (context.normalizedPath().equals(PlatformInfoResource.PLATFORM_PATH)
                && (context.request().method() == HttpMethod.GET || context.request().method() == HttpMethod.HEAD)) {
            context.next(); // public, answered by PlatformInfoResource (JAX-RS, after these routes)
            return;
        }
        String session = SessionCookies.bySession(context.request()) ? SessionCookies.sessionToken(context.request()) : null;
        if (session != null) {
            try {
                SessionCookies.checkUnsafeRequest(context.request(), allowedOrigins);
            } catch (ProblemException refused) {
                HttpProblems.fail(context, refused);
                return;
            }
        }
        ForwardedRequest request = ForwardedHeaders.forwarded(context, context.request().path(), null,
                body(context), false);
        // Quarkus hands an authentication failure to this handler (by default its own, not problem+json)
        context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, AUTHENTICATION_FAILED);
        QuarkusHttpUser.getSecurityIdentity(context, null).subscribe().with(
                identity -> {
                    Caller caller = Caller.of(identity);
                    if (caller == null) {
                        authFailures.failed(Reason.MISSING);
                        HttpProblems.unauthorized(context);
                        return;
                    }
                    LogFields.put(LogFields.CREDENTIAL_ID, caller.clientId());
                    LogFields.put(LogFields.ORG_ID, caller.orgId());
                    try {
                        advertise(context, gateway.admit(caller));
                    } catch (RateLimitedException limited) {
                        advertise(context, limited.buckets());
                        HttpProblems.fail(context, limited);
                        return;
                    }
                    Future<UpstreamResponse> answer = gateway.forwardApi(caller, request);
                    if (session != null && SessionCookies.isUnsafe(context.request().method())) {
                        // a change (a new ledger, a new role) shows in the person's next token, not 5 s later
                        answer = answer.onSuccess(done -> sessions.forget(session));
                    }
                    relay(context, answer, request);
                },
                failure -> HttpProblems.fail(context, failure));
    }

    /**
     * IAM's OAuth2 endpoints (token, revocation, introspection), relayed as they are; each authenticates the client,
     * so a client id or a source address that failed to authenticate too often lately is answered 429 here,
     * without asking IAM.
     */
    private void oauth(RoutingContext context) {
        String path = context.request().path();
        String prefix = path.startsWith(API_AUTH_PREFIX) ? API_AUTH_PREFIX : null;
        String endpoint = prefix == null ? path : path.substring(prefix.length());
        Buffer body = body(context);
        String clientId = TokenClientId.of(context.request().getHeader(HttpHeaders.AUTHORIZATION), body);
        LogFields.put(LogFields.CREDENTIAL_ID, clientId);
        String source = SourceAddresses.of(context);
        try {
            failures.check(clientId, source);
        } catch (RateLimitedException throttled) {
            HttpProblems.fail(context, throttled);
            return;
        }
        ForwardedRequest request = ForwardedHeaders.forwarded(context, endpoint, prefix, body, true);
        relay(context, gateway.forwardToIam(endpoint, request).onSuccess(answer -> {
            if (answer.status() == 401) {
                failures.failed(clientId, source);
                authFailures.failed(Reason.CLIENT_REFUSED);
            }
        }), request);
    }
    /** The {@code RateLimit-Policy} and {@code RateLimit} fields, on every answer of a rate limited route. */
    private static void advertise(RoutingContext context, RateLimitStatus status) {
        if (status != null) {
            context.response().putHeader(RateLimitStatus.POLICY_HEADER, status.policyHeader())
                    .putHeader(RateLimitStatus.HEADER, status.header());
        }
    }

    private void wellKnown(RoutingContext context) {
        String document = context.pathParam("document");
        if (document == null || !DOCUMENT.matcher(document).matches()) {
            notFound(context, "No such document.");
            return;
        }
        String prefix = context.request().path().startsWith(API_AUTH_PREFIX) ? API_AUTH_PREFIX : null;
        String iamPath = "/.well-known/" + document;
        ForwardedRequest request = ForwardedHeaders.forwarded(context, iamPath, prefix, null, true);
        relay(context, gateway.forwardToIam(iamPath, request), request);
    }

    private static void relay(RoutingContext context, Future<UpstreamResponse> answer, ForwardedRequest request) {
        boolean head = context.request().method() == HttpMethod.HEAD;
        answer.onComplete(result -> {
            if (result.succeeded()) {
                Relay.write(context.response(), result.result(), head, request.requestId());
            } else {
                HttpProblems.fail(context, result.cause());
            }
        });
    }

    private static Buffer body(RoutingContext context) {
        RequestBody body = context.body();
        return body == null || !body.available() ? null : body.buffer();
    }

    private static void notFound(RoutingContext context, String detail) {
        HttpProblems.fail(context, ProblemException.notFound("NOT_FOUND", detail));
    }
}
