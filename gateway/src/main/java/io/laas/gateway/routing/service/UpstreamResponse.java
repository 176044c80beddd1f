package io.laas.gateway.routing.service;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A service's answer, relayed to the client as it is (its {@code Location} already made public).
 *
 * @param body the body, empty when there is none
 */
public record UpstreamResponse(int status, MultiMap headers, Buffer body) {
}
