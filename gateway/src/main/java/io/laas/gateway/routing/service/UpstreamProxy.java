package io.laas.gateway.routing.service;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.gateway.config.GatewayConfig;
import io.laas.gateway.routing.Upstream;
import io.laas.web.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Sends one request to a service with the Vert.x HTTP client (pooled keep-alive connections) and hands
 * back whatever it answered: every status (4xx and 5xx included), header and body byte. Only a failure
 * to get an answer at all becomes a gateway error: 502 UPSTREAM_UNAVAILABLE (connection refused or
 * dropped) or 504 UPSTREAM_TIMEOUT.
 * <p>
 * Vert.x futures rather than Mutiny: this runs once per proxied request, and each Mutiny operator here
 * would also capture and restore the request context.
 */
@ApplicationScoped
public class UpstreamProxy {

    private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and framing, which the gateway sets itself on each leg. */
    public static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length", "host");

    private final HttpClient client;
    private final GatewayConfig config;
    private final MeterRegistry metrics;
    private final Map<Upstream, Target> targets = new EnumMap<>(Upstream.class);

    public UpstreamProxy(Vertx vertx, GatewayConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setName("laas-gateway-upstream")
                .setKeepAlive(true)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                // bodies are relayed byte for byte, compressed or not
                .setTryUseCompression(false)
                .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerUpstream()));
        for (Upstream upstream : Upstream.values()) {
            targets.put(upstream, Target.of(upstream.baseUrl(config)));
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * @param pathAndQuery raw path (starting with /) and, if any, {@code ?query}
     * @param headers the request headers (hop-by-hop ones excluded)
     * @param body the request body, or null for none
     * @return the answer, or a failed future with a 502/504 {@link ProblemException}
     */
    public Future<UpstreamResponse> send(Upstream upstream, String method, String pathAndQuery, MultiMap headers,
            Buffer body) {
        Target target = targets.get(upstream);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setSsl(target.ssl())
                .setHost(target.host())
                .setPort(target.port())
                .setURI(target.basePath() + pathAndQuery)
                .setHeaders(headers)
                .setIdleTimeout(config.timeout().toMillis());
        return client.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(payload -> answer(response, payload, target)))
                .recover(failure -> Future.failedFuture(failed(upstream, method, target, pathAndQuery, failure)));
    }

    private static UpstreamResponse answer(HttpClientResponse response, Buffer body, Target target) {
        MultiMap headers = response.headers();
        publicLocation(headers, target.baseUrl());
        return new UpstreamResponse(response.statusCode(), headers, body);
    }

    /**
     * A service builds absolute {@code Location}s from the internal address the gateway called; clients
     * must see a path on the gateway instead (what a reverse proxy's "proxy pass reverse" does).
     */
    public static MultiMap publicLocation(MultiMap headers, String upstreamBaseUrl) {
        String location = headers.get(HttpHeaders.LOCATION);
        if (location != null && location.length() > upstreamBaseUrl.length()
                && location.startsWith(upstreamBaseUrl) && location.charAt(upstreamBaseUrl.length()) == '/') {
            headers.set(HttpHeaders.LOCATION, location.substring(upstreamBaseUrl.length()));
        }
        return headers;
    }

    private ProblemException failed(Upstream upstream, String method, Target target, String pathAndQuery,
            Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        boolean timeout = failure instanceof TimeoutException;
        String reason = timeout ? "timeout" : "unavailable";
        metrics.counter("laas_gateway_upstream_failures", "upstream", upstream.label(), "reason", reason).increment();
        LOG.warnf("%s %s%s failed (%s): %s: %s", method, target.baseUrl(), pathAndQuery, reason,
                failure.getClass().getSimpleName(), failure.getMessage());
        String service = upstream.label();
        if (timeout) {
            return new ProblemException(504, "UPSTREAM_TIMEOUT", "Gateway Timeout",
                    "The " + service + " service did not answer in time.", Map.of("upstream", service));
        }
        return new ProblemException(502, "UPSTREAM_UNAVAILABLE", "Bad Gateway",
                "The " + service + " service is not reachable.", Map.of("upstream", service));
    }

    /** Where a service listens, parsed once from its base URL (without trailing slash). */
    private record Target(String baseUrl, boolean ssl, String host, int port, String basePath) {

        static Target of(String baseUrl) {
            URI uri = URI.create(baseUrl);
            boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
            return new Target(baseUrl, ssl, uri.getHost(), port, uri.getRawPath() == null ? "" : uri.getRawPath());
        }
    }
}
