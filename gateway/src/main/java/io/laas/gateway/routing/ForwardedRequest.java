package io.laas.gateway.routing;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A client request as the gateway forwards it, read from HTTP once: the method, the raw path and query
 * (still percent-encoded), the headers a service may see (an allow-list plus {@code x-forwarded-*} and
 * {@code x-request-id}, never the client's whole set) and the body.
 *
 * @param method the HTTP method, upper case
 * @param path the raw path, without query
 * @param query the raw query without {@code ?}, or null
 * @param headers the headers to send on; the forwarding adds {@code Authorization}
 * @param body the body, or null for none
 * @param requestId the request id, also in {@code headers}
 */
public record ForwardedRequest(String method, String path, String query, MultiMap headers, Buffer body,
        String requestId) {

    public boolean isRead() {
        return RoutingTable.isRead(method);
    }

    /** {@code path} at the service, with this request's query. */
    public String withQuery(String servicePath) {
        return query == null || query.isEmpty() ? servicePath : servicePath + "?" + query;
    }
}
