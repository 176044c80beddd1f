package io.laas.gateway.routing.rest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.gateway.auth.SessionCookies;
import io.laas.gateway.auth.SessionExchange;
import io.laas.gateway.config.SessionConfig;
import io.laas.gateway.routing.ForwardedRequest;
import io.laas.gateway.routing.service.ApiGateway;
import io.laas.gateway.routing.service.UpstreamResponse;
import io.laas.web.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The console's unauthenticated and session routes, relayed to IAM:
 * <ul>
 * <li>{@code POST /v1/sessions} (login): IAM's answer is relayed without the session token, which goes into
 * the {@code HttpOnly} session cookie instead; the answer carries the CSRF token (also in its cookie). No
 * bearer token ever reaches the browser.</li>
 * <li>{@code GET /v1/sessions/current}: who the cookie's session is; {@code GET /v1/sessions/current/organizations}:
 * the organisations of its person.</li>
 * <li>{@code POST /v1/sessions/current/organization} (switch of organisation): with the cookie and the CSRF
 * token; IAM ends the session and opens one in the other organisation, which the gateway turns into new
 * cookies exactly as for a login, and forgets the old session at once.</li>
 * <li>{@code DELETE /v1/sessions/current} (logout) and {@code DELETE /v1/sessions} (log out everywhere):
 * with the cookie and the CSRF token; the gateway forgets the session and clears the cookies.</li>
 * <li>{@code POST /v1/signup} and {@code POST /v1/invitations/{token}/accept}: no credential needed; a
 * signed-in person accepts with the session (cookie and CSRF token), passed on to IAM.</li>
 * </ul>
 * A browser's foreign {@code Origin} is refused on every one of them.
 */
@ApplicationScoped
public class SessionRoutes {

    static final String SESSION_HEADER = "X-Session-Token";

    private final ApiGateway gateway;
    private final SessionExchange sessions;
    private final List<String> allowedOrigins;

    public SessionRoutes(ApiGateway gateway, SessionExchange sessions, SessionConfig config) {
        this.gateway = gateway;
        this.sessions = sessions;
        this.allowedOrigins = config.allowedOrigins().orElse(List.of());
    }

    /** Registers the routes ahead of the API's {@code /v1/*} routes of the same order. */
    void register(Router router, int order, BodyHandler body) {
        router.route(HttpMethod.POST, "/v1/sessions").order(order).handler(body).handler(this::login);
        router.route(HttpMethod.GET, "/v1/sessions/current").order(order).handler(this::current);
        router.route(HttpMethod.GET, "/v1/sessions/current/organizations").order(order).handler(this::current);
        router.route(HttpMethod.POST, "/v1/sessions/current/organization").order(order).handler(body)
                .handler(this::switchOrganization);
        router.route(HttpMethod.DELETE, "/v1/sessions/current").order(order).handler(body)
                .handler(context -> logout(context, "/v1/sessions/current"));
        router.route(HttpMethod.DELETE, "/v1/sessions").order(order).handler(body)
                .handler(context -> logout(context, "/v1/sessions"));
        router.route(HttpMethod.POST, "/v1/signup").order(order).handler(body).handler(this::passThrough);
        router.routeWithRegex(HttpMethod.POST, "/v1/invitations/[A-Za-z0-9_-]{1,200}/accept").order(order).handler(body)
                .handler(this::accept);
    }

    private void passThrough(RoutingContext context) {
        if (!originAllowed(context)) {
            return;
        }
        ForwardedRequest request = forwarded(context);
        relay(context, gateway.forwardToIam(context.request().path(), request), request);
    }

    /** A signed-in person accepts with their session (cookie and CSRF token); anyone else with a password. */
    private void accept(RoutingContext context) {
        String session = SessionCookies.sessionToken(context.request());
        if (session == null) {
            passThrough(context);
            return;
        }
        ForwardedRequest request = withSession(context, session, true);
        if (request == null) {
            return;
        }
        relay(context, gateway.forwardToIam(context.request().path(), request), request);
    }

    private void login(RoutingContext context) {
        if (!originAllowed(context)) {
            return;
        }
        ForwardedRequest request = forwarded(context);
        gateway.forwardToIam("/v1/sessions", request).onComplete(result -> {
            if (result.failed()) {
                HttpProblems.fail(context, result.cause());
                return;
            }
            openSession(context, result.result(), request);
        });
    }

    /**
     * The person moves to another of their organisations: IAM ends the cookie's session and opens a new one,
     * which replaces the cookies; the old session is forgotten here at once. A refusal changes nothing.
     */
    private void switchOrganization(RoutingContext context) {
        String session = SessionCookies.sessionToken(context.request());
        ForwardedRequest request = withSession(context, session, true);
        if (request == null) {
            return;
        }
        gateway.forwardToIam("/v1/sessions/current/organization", request).onComplete(result -> {
            if (result.failed()) {
                HttpProblems.fail(context, result.cause());
                return;
            }
            if (result.result().status() == 201 && session != null) {
                sessions.forget(session);
            }
            openSession(context, result.result(), request);
        });
    }

    /** IAM's answer to a login or a switch: a new session goes into the cookies, never into the body. */
    private static void openSession(RoutingContext context, UpstreamResponse answer, ForwardedRequest request) {
        if (answer.status() != 201) {
            Relay.write(context.response(), answer, false, request.requestId());
            return;
        }
        JsonObject body = new JsonObject(answer.body().toString(StandardCharsets.UTF_8));
        String session = (String) body.remove("session_token");
        long maxAge = secondsUntil(body.getString("expires_at"));
        body.put("csrf_token", SessionCookies.csrfToken(session));
        var response = context.response().setStatusCode(201)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("Pragma", "no-cache")
                .putHeader(ForwardedHeaders.REQUEST_ID, request.requestId());
        for (String cookie : SessionCookies.issue(session, maxAge)) {
            response.headers().add(HttpHeaders.SET_COOKIE, cookie);
        }
        response.end(body.encode());
    }

    /** Who the cookie's session is, or its person's organisations (no CSRF token needed to read). */
    private void current(RoutingContext context) {
        String session = SessionCookies.sessionToken(context.request());
        ForwardedRequest request = withSession(context, session, false);
        relay(context, gateway.forwardToIam(context.request().path(), request), request);
    }

    private void logout(RoutingContext context, String iamPath) {
        String session = SessionCookies.sessionToken(context.request());
        ForwardedRequest request = withSession(context, session, true);
        if (request == null) {
            return;
        }
        gateway.forwardToIam(iamPath, request).onComplete(result -> {
            if (session != null) {
                sessions.forget(session);
            }
            for (String cookie : SessionCookies.clear()) {
                context.response().headers().add(HttpHeaders.SET_COOKIE, cookie);
            }
            if (result.succeeded()) {
                Relay.write(context.response(), result.result(), false, request.requestId());
            } else {
                HttpProblems.fail(context, result.cause());
            }
        });
    }

    private boolean originAllowed(RoutingContext context) {
        try {
            SessionCookies.checkOrigin(context.request(), allowedOrigins);
            return true;
        } catch (ProblemException refused) {
            HttpProblems.fail(context, refused);
            return false;
        }
    }

    /**
     * The request as IAM gets it, with the cookie's session (if any) in {@code X-Session-Token}. An unsafe one must
     * carry the CSRF token and come from an allowed origin: otherwise the refusal is answered and this is null.
     */
    private ForwardedRequest withSession(RoutingContext context, String session, boolean unsafe) {
        if (unsafe) {
            try {
                SessionCookies.checkUnsafeRequest(context.request(), allowedOrigins);
            } catch (ProblemException refused) {
                HttpProblems.fail(context, refused);
                return null;
            }
        }
        ForwardedRequest request = forwarded(context);
        if (session != null) {
            request.headers().set(SESSION_HEADER, session);
        }
        return request;
    }

    private static ForwardedRequest forwarded(RoutingContext context) {
        RequestBody body = context.body();
        Buffer buffer = body == null || !body.available() ? null : body.buffer();
        return ForwardedHeaders.forwarded(context, context.request().path(), null, buffer, false);
    }

    private static void relay(RoutingContext context, Future<UpstreamResponse> answer, ForwardedRequest request) {
        answer.onComplete(result -> {
            if (result.succeeded()) {
                Relay.write(context.response(), result.result(), false, request.requestId());
            } else {
                HttpProblems.fail(context, result.cause());
            }
        });
    }

    private static long secondsUntil(String expiresAt) {
        try {
            return Math.max(0, Duration.between(Instant.now(), OffsetDateTime.parse(expiresAt).toInstant()).toSeconds());
        } catch (RuntimeException e) {
            // a session cookie (no Max-Age) rather than none; IAM still ends the session on time
            return 12 * 3600;
        }
    }
}
