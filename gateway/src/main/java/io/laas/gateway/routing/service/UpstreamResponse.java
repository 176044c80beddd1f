package io.laas.gateway.routing.service;

import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;

/** A service's answer, relayed to the client as it is. */
public record UpstreamResponse(int status, MultiMap headers, Buffer body) {
}
