package io.laas.web.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure a resource can raise into {@code application/problem+json}, so that clients
 * never see an HTML page or an empty body.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.toProblem(path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            return new Problem(400, "VALIDATION_FAILED", "Bad Request", "The request is not valid.", path(uri),
                    Map.of("errors", List.of(Map.of("field", fieldPath(unknown), "message", "is not a known field"))))
                    .toResponse();
        }
        return new Problem(400, "MALFORMED_REQUEST", "Bad Request", malformedDetail(e), path(uri), Map.of())
                .toResponse();
    }

    /** Quarkus maps this subtype itself (to a bare 400) unless a mapper names it. */
    @ServerExceptionMapper
    public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    /**
     * Says where the body went wrong without echoing the parser's own message, which names Java types
     * and parser internals.
     */
    static String malformedDetail(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "The request body has a value of the wrong type at " + fieldPath(mapping) + ".";
        }
        com.fasterxml.jackson.core.JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1
                ? "The request body is not valid JSON."
                : "The request body is not valid JSON (line " + location.getLineNr() + ", column "
                        + location.getColumnNr() + ").";
    }

    private static String fieldPath(com.fasterxml.jackson.databind.JsonMappingException mapping) {
        return mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("");
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(ProblemMappers::violation)
                .toList();
        return new Problem(400, "VALIDATION_FAILED", "Bad Request", "The request is not valid.", path(uri),
                Map.of("errors", errors)).toResponse();
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return new Problem(401, "UNAUTHORIZED", "Unauthorized",
                "A valid bearer token is required.", path(uri), Map.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return new Problem(403, "FORBIDDEN", "Forbidden",
                "The token does not carry the scope this operation needs.", path(uri), Map.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : family.name();
        String code = switch (status) {
            case 400 -> "MALFORMED_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> family == Response.Status.Family.SERVER_ERROR ? "INTERNAL_ERROR" : "HTTP_" + status;
        };
        return new Problem(status, code, title, e.getMessage(), path(uri), Map.of()).toResponse();
    }

    /**
     * Reading the body failed after the HTTP layer had already answered (a chunked body over the size
     * limit gets its 413 there; a client that went away gets nothing): nothing is left to say.
     */
    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e, UriInfo uri, io.vertx.core.http.HttpServerRequest request) {
        if (request != null && request.response().ended()) {
            LOG.debugf("Body of %s not read: %s (answered %d)", path(uri), e.getMessage(), request.response().getStatusCode());
            return Response.status(request.response().getStatusCode()).build();
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Unexpected failure on %s", path(uri));
        return new Problem(500, "INTERNAL_ERROR", "Internal Server Error",
                "An unexpected error occurred; it has been logged.", path(uri), Map.of()).toResponse();
    }

    /** The field as the client wrote it: request bodies are snake_case, Java properties camelCase. */
    private static Map<String, String> violation(ConstraintViolation<?> v) {
        String field = v.getPropertyPath().toString();
        int dot = field.lastIndexOf('.');
        String name = dot >= 0 ? field.substring(dot + 1) : field;
        return Map.of("field", name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT),
                "message", v.getMessage());
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}
