package io.laas.gateway.routing.rest;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.laas.gateway.routing.ForwardedRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/** The request headers a service receives from the gateway: an allow-list, never the client's whole set. */
final class ForwardedHeaders {

    static final String REQUEST_ID = "x-request-id";

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
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

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
        String requestId = requestId(request);
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

    /** The client's {@code x-request-id} when it is a sane token, otherwise a new one. */
    private static String requestId(HttpServerRequest request) {
        String given = request.getHeader(X_REQUEST_ID);
        return given != null && SAFE_REQUEST_ID.matcher(given).matches() ? given : randomUuid();
    }

    /**
     * A version 4 UUID from the thread's own generator: a request id needs to be unique, not unguessable,
     * and {@link UUID#randomUUID()} would make every event loop queue on one shared SecureRandom.
     */
    private static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long leastSignificant = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
