package io.laas.gateway.ratelimit;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders {@link RateLimitedException} as problem+json plus {@code Retry-After}. */
public class RateLimitedMapper {

    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e, UriInfo uri) {
        return Response.fromResponse(e.toProblem(uri == null ? null : uri.getPath()).toResponse())
                .header("Retry-After", e.retryAfterSeconds())
                .build();
    }
}
