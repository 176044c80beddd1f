package io.laas.gateway.routing.rest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.laas.gateway.config.GatewayConfig;
import io.laas.web.net.TrustedProxies;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The address each request came from ({@link TrustedProxies}: the peer, or behind the configured proxies the
 * right-most untrusted {@code X-Forwarded-For} entry), resolved once, before anything else, and kept with
 * the request: failed authentications are throttled by it and it is the one {@code X-Forwarded-For} entry
 * the services receive.
 */
@ApplicationScoped
public class SourceAddresses {

    private static final String ATTRIBUTE = SourceAddresses.class.getName();

    private final TrustedProxies proxies;

    public SourceAddresses(GatewayConfig config) {
        this.proxies = TrustedProxies.of(config.trustedProxies().orElse(List.of()));
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            context.put(ATTRIBUTE, resolve(context));
            context.next();
        });
    }

    /** The request's source address. */
    public static String of(RoutingContext context) {
        String source = context.get(ATTRIBUTE);
        if (source != null) {
            return source;
        }
        SocketAddress peer = context.request().remoteAddress();
        return peer == null ? "" : peer.hostAddress();
    }

    private String resolve(RoutingContext context) {
        SocketAddress peer = context.request().remoteAddress();
        return proxies.source(peer == null ? null : peer.hostAddress(), context.request().getHeader("x-forwarded-for"));
    }
}
