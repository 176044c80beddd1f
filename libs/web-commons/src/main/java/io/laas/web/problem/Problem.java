package io.laas.web.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document. {@code type} is a stable URI derived from the code, so clients may
 * switch on either.
 */
public record Problem(int status, String code, String title, String detail, String instance,
        Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://laas.dev/problems/";
    /** Extension member (whole seconds) that is also sent as the {@code Retry-After} header. */
    public static final String RETRY_AFTER = "retry_after";

    public Map<String, Object> toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code.toLowerCase().replace('_', '-'));
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put("code", code);
        extensions.forEach(body::putIfAbsent);
        return body;
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(toJson());
        if (status == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (extensions.get(RETRY_AFTER) instanceof Number seconds) {
            response.header("Retry-After", seconds.longValue());
        }
        return response.build();
    }
}
