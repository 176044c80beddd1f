package io.laas.gateway.info.service;

import java.net.ConnectException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.gateway.config.GatewayConfig;
import io.laas.gateway.info.UpstreamAnswer;
import io.laas.gateway.routing.Upstream;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Asks a service for its {@code GET /_info}, within a short timeout, on a small pool of its own (a service that
 * hangs must not hold the API's connections). Never fails: no answer is an {@link UpstreamAnswer} too.
 */
@ApplicationScoped
public class UpstreamInfoClient {

    private static final Logger LOG = Logger.getLogger(UpstreamInfoClient.class);
    static final String PATH = "/_info";

    private final WebClient client;
    private final Map<Upstream, String> urls = new EnumMap<>(Upstream.class);

    public UpstreamInfoClient(Vertx vertx, GatewayConfig config) {
        GatewayConfig.UpstreamInfo info = config.upstreamInfo();
        long longest = Math.max(info.timeout().toMillis(), info.healthTimeout().toMillis());
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setName("laas-gateway-info")
                .setKeepAlive(true)
                .setMaxPoolSize(4)
                .setConnectTimeout((int) Math.min(longest, config.connectTimeout().toMillis())));
        for (Upstream upstream : Upstream.values()) {
            urls.put(upstream, upstream.baseUrl(config) + PATH);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<UpstreamAnswer> fetch(Upstream upstream, Duration timeout) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return client.getAbs(urls.get(upstream))
                    .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                    // frees the connection; the Uni's own deadline below answers first
                    .timeout(timeout.toMillis() + 100)
                    .send()
                    .ifNoItem().after(timeout).fail()
                    .map(response -> new UpstreamAnswer(upstream, response.statusCode(),
                            response.getHeader(HttpHeaders.CONTENT_TYPE.toString()),
                            response.body() == null ? Buffer.buffer() : response.body(), elapsed(start), null))
                    .onFailure().recoverWithItem(failure -> {
                        boolean timedOut = failure instanceof TimeoutException
                                || failure.getClass().getSimpleName().contains("Timeout");
                        if (!(failure instanceof ConnectException) && !timedOut) {
                            LOG.debugf("GET %s failed: %s", urls.get(upstream), failure.toString());
                        }
                        return new UpstreamAnswer(upstream, 0, null, Buffer.buffer(), elapsed(start),
                                timedOut ? UpstreamAnswer.TIMEOUT : UpstreamAnswer.UNAVAILABLE);
                    });
        });
    }

    private static long elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
