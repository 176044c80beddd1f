package io.laas.gateway.routing.service;

import java.util.Locale;
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
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Sends one request to a service with the Vert.x web client and hands back whatever it answered: every
 * status (4xx and 5xx included), header and body byte. Only a failure to get an answer at all becomes a
 * gateway error: 502 UPSTREAM_UNAVAILABLE (connection refused or dropped) or 504 UPSTREAM_TIMEOUT.
 */
@ApplicationScoped
public class UpstreamProxy {

    private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and framing, which the gateway sets itself on each leg. */
    public static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length", "host");

    private final WebClient client;
    private final GatewayConfig config;
    private final MeterRegistry metrics;

    public UpstreamProxy(Vertx vertx, GatewayConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setName("laas-gateway-upstream")
                .setKeepAlive(true)
                .setMaxPoolSize(config.maxConnectionsPerUpstream())
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setFollowRedirects(false)
                // bodies are relayed byte for byte, compressed or not
                .setTryUseCompression(false)
                .setDecompressionSupported(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * @param pathAndQuery raw path (starting with /) and, if any, {@code ?query}
     * @param body the request body, or null for none
     */
    public Uni<UpstreamResponse> send(Upstream upstream, String method, String pathAndQuery, MultiMap headers,
            Buffer body) {
        String url = upstream.baseUrl(config) + pathAndQuery;
        HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(method), url)
                .putHeaders(headers)
                .timeout(config.timeout().toMillis());
        Uni<io.vertx.mutiny.ext.web.client.HttpResponse<Buffer>> sent = body == null || body.length() == 0
                ? request.send()
                : request.sendBuffer(body);
        return sent
                .map(response -> new UpstreamResponse(response.statusCode(),
                        publicLocation(response.headers(), upstream.baseUrl(config)),
                        response.body() == null ? Buffer.buffer() : response.body()))
                .onFailure().transform(failure -> failed(upstream, method, url, failure));
    }

    /**
     * A service builds absolute {@code Location}s from the internal address the gateway called; clients
     * must see a path on the gateway instead (what a reverse proxy's "proxy pass reverse" does).
     */
    public static MultiMap publicLocation(MultiMap headers, String upstreamBaseUrl) {
        String location = headers.get("location");
        if (location != null && location.startsWith(upstreamBaseUrl + "/")) {
            headers.set("location", location.substring(upstreamBaseUrl.length()));
        }
        return headers;
    }

    private ProblemException failed(Upstream upstream, String method, String url, Throwable failure) {
        boolean timeout = failure instanceof TimeoutException;
        String reason = timeout ? "timeout" : "unavailable";
        metrics.counter("laas_gateway_upstream_failures", "upstream", upstream.label(), "reason", reason).increment();
        LOG.warnf("%s %s failed (%s): %s", method, url, reason, describe(failure));
        String service = upstream.label().toLowerCase(Locale.ROOT);
        if (timeout) {
            return new ProblemException(504, "UPSTREAM_TIMEOUT", "Gateway Timeout",
                    "The " + service + " service did not answer in time.", Map.of("upstream", service));
        }
        return new ProblemException(502, "UPSTREAM_UNAVAILABLE", "Bad Gateway",
                "The " + service + " service is not reachable.", Map.of("upstream", service));
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
