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
 * Refuses a request body over its limit with 413 problem+json: {@code laas.http.max-body-size} (1 MiB),
 * or {@code laas.http.bulk-max-body-size} (8 MiB) for a bulk endpoint ({@link #isBulk}). Quarkus' own
 * {@code quarkus.http.limits.max-body-size} must be at least the larger of the two where bulk endpoints
 * are served. A declared {@code Content-Length} over the limit is refused just before Quarkus' own check
 * (which would answer an empty 413), and a route that reads bodies with a bounded Vert.x body handler
 * (the gateway) has its 413 failure rendered the same way. A body of undeclared length (chunked, or an HTTP/2 stream)
 * that a REST resource reads is stopped by Quarkus itself as soon as it grows over the limit, with a
 * bare 413: the gateway, the only public entry, always forwards a declared length.
 */
@ApplicationScoped
public class OversizedBodyHandler {

    /** {@code /v1/ledgers/{id}/transactions/bulk}, or its short form {@code /v1/transactions/bulk}. */
    private static final java.util.regex.Pattern BULK = java.util.regex.Pattern
            .compile("/v1/(ledgers/[^/]+/)?transactions/bulk/?");

    private final long limitBytes;
    private final long bulkLimitBytes;

    public OversizedBodyHandler(@ConfigProperty(name = "laas.http.max-body-size", defaultValue = "1M") MemorySize limit,
            @ConfigProperty(name = "laas.http.bulk-max-body-size", defaultValue = "8M") MemorySize bulkLimit) {
        this.limitBytes = limit.asLongValue();
        this.bulkLimitBytes = bulkLimit.asLongValue();
    }

    /** Whether the path is a bulk endpoint, whose bodies may be larger. */
    public static boolean isBulk(String path) {
        return path != null && BULK.matcher(path).matches();
    }

    /** The largest body a request to this path may carry. */
    public long limitFor(String path) {
        return isBulk(path) ? bulkLimitBytes : limitBytes;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::check)
                .failureHandler(this::refuseIfTooLarge);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && isOver(declared, limitFor(context.normalizedPath()))) {
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
        Problem problem = tooLarge(limitFor(context.normalizedPath()), context.normalizedPath());
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem.toJson()));
    }

    private static boolean isOver(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Problem tooLarge(long limitBytes, String instance) {
        return new Problem(413, "PAYLOAD_TOO_LARGE", "Content Too Large",
                "The request body is larger than " + limitBytes + " bytes.", instance, Map.of("limit_bytes", limitBytes));
    }
}
