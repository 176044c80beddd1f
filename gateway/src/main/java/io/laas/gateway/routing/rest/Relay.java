package io.laas.gateway.routing.rest;

import java.util.Map;

import io.laas.gateway.routing.service.UpstreamProxy;
import io.laas.gateway.routing.service.UpstreamResponse;
import io.vertx.core.http.HttpServerResponse;

/** Writes a service's answer as the gateway's response: same status, headers and body. */
final class Relay {

    private Relay() {
    }

    static void write(HttpServerResponse response, UpstreamResponse upstream, boolean head, String requestId) {
        response.setStatusCode(upstream.status());
        for (Map.Entry<String, String> header : upstream.headers()) {
            String name = header.getKey();
            // the service echoes the id the gateway sent; the gateway's own header says it once
            if (isHopByHop(name) || name.equalsIgnoreCase(ForwardedHeaders.REQUEST_ID)) {
                continue;
            }
            response.headers().add(name, header.getValue());
        }
        response.putHeader(ForwardedHeaders.REQUEST_ID, requestId);
        if (head || upstream.body().length() == 0) {
            response.end();
        } else {
            response.end(upstream.body());
        }
    }

    private static boolean isHopByHop(String name) {
        // services send lower-case names (HTTP/1.1 from Vert.x); anything else takes the slower path
        return UpstreamProxy.HOP_BY_HOP.contains(name)
                || (!name.equals(name.toLowerCase(java.util.Locale.ROOT))
                        && UpstreamProxy.HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)));
    }
}
