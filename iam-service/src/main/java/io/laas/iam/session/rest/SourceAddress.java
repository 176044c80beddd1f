package io.laas.iam.session.rest;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.config.IamConfig;
import io.laas.web.net.TrustedProxies;
import io.vertx.core.http.HttpServerRequest;

/**
 * The address a sign-in came from, for throttling, by the same rule as the gateway's ({@link TrustedProxies}):
 * the peer address, unless the peer is a trusted proxy ({@code laas.iam.trusted-proxies}: the gateway), then
 * the right-most {@code X-Forwarded-For} entry that is not one. The gateway sends the address it resolved as
 * the header's only entry, so no client can choose it.
 */
@ApplicationScoped
public class SourceAddress {

    private final TrustedProxies proxies;

    public SourceAddress(IamConfig config) {
        this.proxies = TrustedProxies.of(config.trustedProxies());
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return proxies.source(peer, request.getHeader("x-forwarded-for"));
    }
}
