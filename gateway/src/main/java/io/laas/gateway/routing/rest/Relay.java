package io.laas.gateway.routing.rest;

import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import io.laas.gateway.routing.service.ForwardedHeaders;
import io.laas.gateway.routing.service.UpstreamProxy;
import io.laas.gateway.routing.service.UpstreamResponse;

/** Turns a service's answer into the gateway's response: same status, headers and body. */
final class Relay {

    private Relay() {
    }

    static Response toResponse(UpstreamResponse upstream, boolean head, String requestId) {
        Response.ResponseBuilder response = Response.status(upstream.status());
        boolean hasRequestId = false;
        for (Map.Entry<String, String> header : upstream.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (UpstreamProxy.HOP_BY_HOP.contains(name)) {
                continue;
            }
            hasRequestId |= name.equals(ForwardedHeaders.REQUEST_ID);
            response.header(header.getKey(), header.getValue());
        }
        if (!hasRequestId) {
            response.header(ForwardedHeaders.REQUEST_ID, requestId);
        }
        if (!head && upstream.body().length() > 0) {
            response.entity(upstream.body().getBytes());
        }
        return response.build();
    }
}
