package io.laas.gateway.routing.service;

import java.net.ConnectException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.gateway.config.GatewayConfig;
import io.laas.gateway.routing.Upstream;
import io.laas.web.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
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
 * Requests for the command service go to the ledger's replica ({@link CommandReplicas}); a replica that refuses
 * the connection (so nothing was sent) is skipped for the next one in the ledger's order. A request that may
 * have been sent is never sent again.
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
    private final Map<Upstream, UpstreamTarget> targets = new EnumMap<>(Upstream.class);
    /** A dead replica refuses every write of its ledgers until it is gone from the set: warn once in a while. */
    private static final long REROUTE_WARNING_INTERVAL = TimeUnit.SECONDS.toNanos(10);

    private final CommandReplicas commandReplicas;
    private final Counter reroutes;
    /** Racy on purpose: at worst two warnings instead of one. */
    private volatile long lastRerouteWarning = System.nanoTime() - REROUTE_WARNING_INTERVAL - 1;

    public UpstreamProxy(Vertx vertx, GatewayConfig config, MeterRegistry metrics, CommandReplicas commandReplicas) {
        this.config = config;
        this.metrics = metrics;
        this.commandReplicas = commandReplicas;
        this.reroutes = metrics.counter("laas_gateway_command_reroutes");
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setName("laas-gateway-upstream")
                .setKeepAlive(true)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                // bodies are relayed byte for byte, compressed or not
                .setTryUseCompression(false)
                .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerUpstream()));
        for (Upstream upstream : Upstream.values()) {
            targets.put(upstream, UpstreamTarget.of(upstream.baseUrl(config)));
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
        return send(upstream, targets.get(upstream), method, pathAndQuery, headers, body);
    }

    /**
     * A request for the command service: to the ledger's replica when the replicas are known, else (and for a
     * request without a ledger) to {@code command-url}.
     *
     * @param ledger the ledger the request writes (or reads), or null
     */
    public Future<UpstreamResponse> sendToCommand(UUID ledger, String method, String pathAndQuery, MultiMap headers,
            Buffer body) {
        CommandReplicas.ReplicaSet replicas = commandReplicas.current();
        if (ledger == null || replicas.size() == 0) {
            return send(Upstream.COMMAND, method, pathAndQuery, headers, body);
        }
        long key = commandReplicas.routingKey(ledger);
        int first = commandReplicas.first(replicas, key);
        return sendToReplica(replicas, key, null, 0, first, method, pathAndQuery, headers, body);
    }

    /**
     * @param order the ledger's order of replicas, computed after the first refusal only (null before)
     * @param position the position of {@code replica} in {@code order}
     */
    private Future<UpstreamResponse> sendToReplica(CommandReplicas.ReplicaSet replicas, long key, int[] order,
            int position, int replica, String method, String pathAndQuery, MultiMap headers, Buffer body) {
        UpstreamTarget target = replicas.targets().get(replica);
        return client.request(options(target, method, pathAndQuery, headers)).transform(connected -> {
            if (connected.succeeded()) {
                return exchange(Upstream.COMMAND, target, connected.result(), method, pathAndQuery, body);
            }
            Throwable failure = connected.cause();
            if (failure instanceof ConnectException) {
                int[] next = order != null ? order : commandReplicas.order(replicas, key);
                if (position + 1 < next.length) {
                    UpstreamTarget alternative = replicas.targets().get(next[position + 1]);
                    reroutes.increment();
                    long now = System.nanoTime();
                    if (now - lastRerouteWarning > REROUTE_WARNING_INTERVAL) {
                        lastRerouteWarning = now;
                        LOG.warnf("%s %s: %s refused the connection (%s); trying %s (further re-routes within %d s "
                                + "only counted in laas_gateway_command_reroutes_total)", method, pathAndQuery,
                                target.baseUrl(), failure.getMessage(), alternative.baseUrl(),
                                TimeUnit.NANOSECONDS.toSeconds(REROUTE_WARNING_INTERVAL));
                    }
                    return sendToReplica(replicas, key, next, position + 1, next[position + 1], method, pathAndQuery,
                            headers, body);
                }
            }
            return Future.failedFuture(failed(Upstream.COMMAND, method, target, pathAndQuery, failure));
        });
    }

    private Future<UpstreamResponse> send(Upstream upstream, UpstreamTarget target, String method, String pathAndQuery,
            MultiMap headers, Buffer body) {
        return client.request(options(target, method, pathAndQuery, headers))
                .compose(request -> exchange(upstream, target, request, method, pathAndQuery, body),
                        failure -> Future.failedFuture(failed(upstream, method, target, pathAndQuery, failure)));
    }

    private RequestOptions options(UpstreamTarget target, String method, String pathAndQuery, MultiMap headers) {
        return new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setSsl(target.ssl())
                .setHost(target.host())
                .setPort(target.port())
                .setURI(target.basePath() + pathAndQuery)
                .setHeaders(headers)
                .setIdleTimeout(config.timeout().toMillis());
    }

    /** Sends on a connection obtained; from here on the request may have reached the service. */
    private Future<UpstreamResponse> exchange(Upstream upstream, UpstreamTarget target, HttpClientRequest request,
            String method, String pathAndQuery, Buffer body) {
        return (body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(payload -> answer(response, payload, target)))
                .recover(failure -> Future.failedFuture(failed(upstream, method, target, pathAndQuery, failure)));
    }

    private static UpstreamResponse answer(HttpClientResponse response, Buffer body, UpstreamTarget target) {
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

    private ProblemException failed(Upstream upstream, String method, UpstreamTarget target, String pathAndQuery,
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
}
