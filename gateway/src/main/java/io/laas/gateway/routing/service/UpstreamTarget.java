package io.laas.gateway.routing.service;

import java.net.URI;

/** Where a service (or one replica of it) listens, parsed once from its base URL (without trailing slash). */
record UpstreamTarget(String baseUrl, boolean ssl, String host, int port, String basePath) {

    static UpstreamTarget of(String url) {
        String baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri = URI.create(baseUrl);
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("Not a base URL: " + url);
        }
        // an IPv6 literal is bracketed in a URL, not when connecting
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new UpstreamTarget(baseUrl, ssl, host, port, uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** The base URL of a replica at an IP address (as a DNS record gives it) and a port. */
    static UpstreamTarget ofAddress(String address, int port) {
        return of("http://" + (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port);
    }
}
