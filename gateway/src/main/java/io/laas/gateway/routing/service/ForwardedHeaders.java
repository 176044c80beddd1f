package io.laas.gateway.routing.service;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.MultiMap;

/** The request headers a service receives from the gateway: an allow-list, never the client's whole set. */
public final class ForwardedHeaders {

    public static final String REQUEST_ID = "x-request-id";

    /** Client headers relayed as they are. */
    static final List<String> RELAYED = List.of("content-type", "accept", "idempotency-key", "traceparent",
            "tracestate");

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private ForwardedHeaders() {
    }

    /** The client's {@code x-request-id} when it is a sane token, otherwise a new one. */
    public static String requestId(HttpServerRequest request) {
        String given = request.getHeader(REQUEST_ID);
        return given != null && SAFE_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    /**
     * @param authorization the {@code Authorization} value to send (the validated JWT for the API, the
     *        client's own credentials for the token endpoint), or null for none
     * @param prefix a path prefix the gateway stripped (sent as {@code x-forwarded-prefix}), or null
     */
    public static MultiMap build(HttpServerRequest request, String authorization, String requestId, String prefix) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String name : RELAYED) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.set(name, value);
            }
        }
        if (authorization != null) {
            headers.set("authorization", authorization);
        }
        headers.set(REQUEST_ID, requestId);
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String chain = request.getHeader("x-forwarded-for");
        if (client != null) {
            headers.set("x-forwarded-for", chain == null || chain.isBlank() ? client : chain + ", " + client);
        }
        headers.set("x-forwarded-proto", request.scheme() == null ? "http" : request.scheme());
        if (request.authority() != null) {
            headers.set("x-forwarded-host", request.authority().toString());
        }
        if (prefix != null) {
            headers.set("x-forwarded-prefix", prefix);
        }
        return headers;
    }
}
