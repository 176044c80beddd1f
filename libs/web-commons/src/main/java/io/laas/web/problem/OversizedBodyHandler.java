package io.laas.web.problem;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request body over {@code quarkus.http.limits.max-body-size} with 413 problem+json. A
 * declared {@code Content-Length} over the limit is refused just before Quarkus' own check (which would
 * answer an empty 413), and a route that reads bodies with a bounded Vert.x body handler (the gateway)
 * has its 413 failure rendered the same way. A body of undeclared length (chunked, or an HTTP/2 stream)
 * that a REST resource reads is stopped by Quarkus itself as soon as it grows over the limit, with a
 * bare 413: the gateway, the only public entry, always forwards a declared length.
 */
@ApplicationScoped
public class OversizedBodyHandler {

    private final long limitBytes;

    public OversizedBodyHandler(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        this.limitBytes = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::check)
                .failureHandler(this::refuseIfTooLarge);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && isOver(declared)) {
            refuse(context);
        } else {
            context.next();
        }
    }

    private void refuseIfTooLarge(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            refuse(context);
        } else {
            context.next();
        }
    }

    private void refuse(RoutingContext context) {
        Problem problem = tooLarge(limitBytes, context.normalizedPath());
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem.toJson()));
    }

    private boolean isOver(String declared) {
        try {
            return Long.parseLong(declared.trim()) > limitBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Problem tooLarge(long limitBytes, String instance) {
        return new Problem(413, "PAYLOAD_TOO_LARGE", "Content Too Large",
                "The request body is larger than " + limitBytes + " bytes.", instance, Map.of("limit_bytes", limitBytes));
    }
}
