package io.laas.gateway.routing.rest;

import java.util.Map;

import org.jboss.logging.Logger;

import io.laas.gateway.ratelimit.RateLimitedException;
import io.laas.web.problem.Problem;
import io.laas.web.problem.ProblemException;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a failed gateway request with RFC 9457 {@code application/problem+json}, the same documents
 * (from {@link Problem}) that every LaaS service sends.
 */
final class HttpProblems {

    private static final Logger LOG = Logger.getLogger(HttpProblems.class);

    private HttpProblems() {
    }

    /** 401 UNAUTHORIZED with a {@code Bearer} challenge. */
    static void unauthorized(RoutingContext context) {
        send(context, new Problem(401, "UNAUTHORIZED", "Unauthorized", "A valid bearer token is required.",
                context.request().path(), Map.of()), null);
    }

    /** The problem that answers {@code failure}; anything unexpected is logged and a 500. */
    static void fail(RoutingContext context, Throwable failure) {
        String path = context.request().path();
        if (failure instanceof RateLimitedException limited) {
            send(context, limited.toProblem(path), String.valueOf(limited.retryAfterSeconds()));
        } else if (failure instanceof ProblemException problem) {
            send(context, problem.toProblem(path), null);
        } else if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            unauthorized(context);
        } else if (failure instanceof OIDCException) {
            // quarkus-oidc could not reach IAM (discovery or JWKS): IAM is unavailable, not the client wrong
            LOG.warnf("Token validation impossible, IAM unavailable: %s", failure.getMessage());
            send(context, new Problem(502, "UPSTREAM_UNAVAILABLE", "Bad Gateway",
                    "The iam service is not reachable to validate the token.", path, Map.of("upstream", "iam")), null);
        } else {
            LOG.errorf(failure, "Unexpected failure on %s", path);
            send(context, new Problem(500, "INTERNAL_ERROR", "Internal Server Error",
                    "An unexpected error occurred; it has been logged.", path, Map.of()), null);
        }
    }

    private static void send(RoutingContext context, Problem problem, String retryAfter) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        var response = context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (retryAfter != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        response.end(new JsonObject(problem.toJson()).encode());
    }
}
