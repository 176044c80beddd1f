package io.laas.iam.session.rest;

import io.vertx.core.http.HttpServerRequest;

/**
 * The address a sign-in came from, for throttling. IAM is reached only through the gateway, which appends
 * the address it saw to {@code X-Forwarded-For}: the last entry is the one no client can choose. A direct
 * request (no header) counts under its own peer address.
 */
public final class SourceAddress {

    private SourceAddress() {
    }

    public static String of(HttpServerRequest request) {
        String forwarded = request.getHeader("x-forwarded-for");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            return hops[hops.length - 1].strip();
        }
        return request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
    }
}
