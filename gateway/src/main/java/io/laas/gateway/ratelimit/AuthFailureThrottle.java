package io.laas.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.laas.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Failed authentications counted per client id and per source address in a fixed window (in memory, per
 * replica). Once either count reaches its limit, {@link #check} refuses with 429 until the window ends, so
 * that guessing secrets or API keys through the gateway costs the guesser time and costs IAM nothing.
 * Successes do not reset a count: a client that fails often and succeeds sometimes is still counted.
 */
@ApplicationScoped
public class AuthFailureThrottle {

    private final GatewayConfig.AuthFailures config;
    private final LongSupplier nanoClock;
    private final Cache<String, Window> windows;
    private final Counter throttled;

    @Inject
    public AuthFailureThrottle(GatewayConfig config, MeterRegistry metrics) {
        this(config.authFailures(), System::nanoTime, metrics.counter("laas_gateway_auth_failures_throttled"));
    }

    AuthFailureThrottle(GatewayConfig.AuthFailures config, LongSupplier nanoClock, Counter throttled) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.throttled = throttled;
        this.windows = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(config.window())
                .ticker(nanoClock::getAsLong)
                .build();
    }

    /**
     * Refuses with {@link RateLimitedException} when the client id (may be null) or the source address has
     * failed too often in the current window.
     */
    public void check(String clientId, String source) {
        if (!config.enabled()) {
            return;
        }
        long now = nanoClock.getAsLong();
        long wait = Math.max(waitNanos("a:" + source, config.maxPerAddress(), now),
                clientId == null ? 0 : waitNanos("c:" + clientId, config.maxPerClient(), now));
        if (wait > 0) {
            throttled.increment();
            long retryAfter = Math.max(1, (long) Math.ceil(wait / (double) TimeUnit.SECONDS.toNanos(1)));
            throw new RateLimitedException(retryAfter, null,
                    "Too many failed authentications; retry after " + retryAfter + " s.");
        }
    }

    /** Counts one failed authentication of the client id (may be null) from the source address. */
    public void failed(String clientId, String source) {
        if (!config.enabled()) {
            return;
        }
        long now = nanoClock.getAsLong();
        count("a:" + source, now);
        if (clientId != null) {
            count("c:" + clientId, now);
        }
    }

    private long waitNanos(String key, int max, long now) {
        Window window = windows.getIfPresent(key);
        return window == null ? 0 : window.waitNanos(max, now, config.window());
    }

    private void count(String key, long now) {
        windows.asMap().compute(key, (id, window) -> window == null || window.isOver(now, config.window())
                ? new Window(now, 1) : window.plusOne());
    }

    private record Window(long startedAt, int failures) {

        Window plusOne() {
            return new Window(startedAt, failures + 1);
        }

        boolean isOver(long now, Duration length) {
            return now - startedAt >= length.toNanos();
        }

        long waitNanos(int max, long now, Duration length) {
            return failures < max || isOver(now, length) ? 0 : startedAt + length.toNanos() - now;
        }
    }
}
