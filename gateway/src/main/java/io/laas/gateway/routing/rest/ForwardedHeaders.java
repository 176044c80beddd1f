package io.laas.gateway.routing.rest;

import java.util.List;

import io.laas.gateway.routing.ForwardedRequest;
import io.laas.web.logging.RequestIds;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/** The request headers a service receives from the gateway: an allow-list, never the client's whole set. */
final class ForwardedHeaders {

    static final String REQUEST_ID = RequestIds.HEADER;

    /** Client headers relayed as they are (the user agent is recorded with the changes it makes). */
    private static final List<CharSequence> RELAYED = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
            HttpHeaders.USER_AGENT,
            HttpHeaders.createOptimized("idempotency-key"), HttpHeaders.createOptimized("traceparent"),
            HttpHeaders.createOptimized("tracestate"));
    private static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized(REQUEST_ID);
    private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("x-forwarded-for");
    private static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("x-forwarded-proto");
    private static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("x-forwarded-host");
    private static final CharSequence X_FORWARDED_PREFIX = HttpHeaders.createOptimized("x-forwarded-prefix");

    private ForwardedHeaders() {
    }

    /**
     * The request as the gateway forwards it.
     *
     * @param context the request (and its source address, {@link SourceAddresses})
     * @param path the raw path to forward (the request's own, or with a public prefix removed)
     * @param prefix a path prefix the gateway stripped (sent as {@code x-forwarded-prefix}), or null
     * @param relayAuthorization whether the client's own {@code Authorization} travels on (the token
     *        endpoint's client credentials); the API sends the verified access token instead
     */
    static ForwardedRequest forwarded(RoutingContext context, String path, String prefix, Buffer body,
            boolean relayAuthorization) {
        HttpServerRequest request = context.request();
        // the client's x-request-id when it is a sane token, otherwise a new one (RequestIds, also in the logs)
        String requestId = RequestIds.of(context);
        MultiMap headers = HttpHeaders.headers();
        for (CharSequence name : RELAYED) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.set(name, value);
            }
        }
        if (relayAuthorization) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null) {
                headers.set(HttpHeaders.AUTHORIZATION, authorization);
            }
        }
        headers.set(X_REQUEST_ID, requestId);
        // one entry, the source the gateway resolved (never what an untrusted client wrote), so that a
        // service trusting the gateway reads the client's address from the last entry
        String source = SourceAddresses.of(context);
        if (!source.isEmpty()) {
            headers.set(X_FORWARDED_FOR, source);
        }
        headers.set(X_FORWARDED_PROTO, request.scheme() == null ? "http" : request.scheme());
        HostAndPort authority = request.authority();
        if (authority != null) {
            headers.set(X_FORWARDED_HOST, authority.toString());
        }
        if (prefix != null) {
            headers.set(X_FORWARDED_PREFIX, prefix);
        }
        return new ForwardedRequest(request.method().name(), path, request.query(), headers,
                body == null || body.length() == 0 ? null : body, requestId);
    }

}
