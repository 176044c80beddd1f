package io.laas.gateway.ratelimit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.laas.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Token bucket per client id, in memory: each client may send {@code burst} requests at once and
 * {@code requests-per-second} sustained. Each gateway replica limits on its own, so the effective limit
 * of a deployment is the configured one times the replicas.
 */
@ApplicationScoped
public class RateLimiter {

    private final GatewayConfig.RateLimit config;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final Counter limited;

    @Inject
    public RateLimiter(GatewayConfig config, MeterRegistry metrics) {
        this(config.rateLimit(), System::nanoTime, metrics.counter("laas_gateway_rate_limited"));
    }

    RateLimiter(GatewayConfig.RateLimit config, LongSupplier nanoClock, Counter limited) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.limited = limited;
    }

    /** Takes one token for the client or fails with {@link RateLimitedException} (429, seconds to wait). */
    public void acquire(String clientId) {
        if (!config.enabled()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (buckets.size() >= config.maxClients() && !buckets.containsKey(clientId)) {
            evict(now);
        }
        long waitNanos = buckets.computeIfAbsent(clientId, id -> new Bucket(config.burst(), now)).take(now, config);
        if (waitNanos > 0) {
            limited.increment();
            long retryAfter = Math.max(1, (long) Math.ceil(waitNanos / (double) TimeUnit.SECONDS.toNanos(1)));
            throw new RateLimitedException(retryAfter);
        }
    }

    int trackedClients() {
        return buckets.size();
    }

    /** Drops idle buckets (those that have refilled completely); if every client is busy, drops any. */
    private void evict(long now) {
        buckets.values().removeIf(bucket -> bucket.isFull(now, config));
        Iterator<String> ids = buckets.keySet().iterator();
        while (buckets.size() >= config.maxClients() && ids.hasNext()) {
            ids.next();
            ids.remove();
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }

        /** @return 0 when a token was taken, otherwise the nanoseconds until one is available */
        synchronized long take(long now, GatewayConfig.RateLimit config) {
            refill(now, config);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / config.requestsPerSecond() * TimeUnit.SECONDS.toNanos(1));
        }

        synchronized boolean isFull(long now, GatewayConfig.RateLimit config) {
            refill(now, config);
            return tokens >= config.burst();
        }

        private void refill(long now, GatewayConfig.RateLimit config) {
            long elapsed = Math.max(0, now - updatedAt);
            tokens = Math.min(config.burst(), tokens + elapsed * config.requestsPerSecond() / TimeUnit.SECONDS.toNanos(1));
            updatedAt = now;
        }
    }
}
