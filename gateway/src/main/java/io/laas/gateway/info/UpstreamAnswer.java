package io.laas.gateway.info;

import io.laas.gateway.routing.Upstream;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * What one service answered to {@code GET /_info}, or why it did not.
 *
 * @param status the HTTP status, 0 when there was no answer
 * @param contentType the answer's content type, or null
 * @param body the answer's body, empty when there was no answer
 * @param latencyMs from sending the request to the whole answer (or the failure)
 * @param failure UPSTREAM_UNAVAILABLE or UPSTREAM_TIMEOUT when there was no answer, else null
 */
public record UpstreamAnswer(Upstream upstream, int status, String contentType, Buffer body, long latencyMs,
        String failure) {

    public static final String UNAVAILABLE = "UPSTREAM_UNAVAILABLE";
    public static final String TIMEOUT = "UPSTREAM_TIMEOUT";

    public boolean answered() {
        return failure == null;
    }
}
