package io.laas.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.laas.gateway.support.TestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final Counter limited = new SimpleMeterRegistry().counter("limited");

    @Test
    void aBurstIsAllowedThenTheSustainedRate() {
        RateLimiter limiter = new RateLimiter(TestConfig.rateLimit(2, 3, 100).rateLimit(), now::get, limited);

        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limiter.acquire("a"));
        }
        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> limiter.acquire("a"));
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(1.0, limited.count());
        assertDoesNotThrow(() -> limiter.acquire("b"), "buckets are per client");

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertDoesNotThrow(() -> limiter.acquire("a"), "one token back after 1/rate seconds");
        assertThrows(RateLimitedException.class, () -> limiter.acquire("a"));
    }

    @Test
    void retryAfterIsTheTimeUntilTheNextToken() {
        RateLimiter limiter = new RateLimiter(TestConfig.rateLimit(0.1, 1, 100).rateLimit(), now::get, limited);
        limiter.acquire("a");
        assertEquals(10, assertThrows(RateLimitedException.class, () -> limiter.acquire("a")).retryAfterSeconds());
    }

    @Test
    void theNumberOfTrackedClientsIsBounded() {
        RateLimiter limiter = new RateLimiter(TestConfig.rateLimit(1, 1, 2).rateLimit(), now::get, limited);
        for (String client : new String[] { "a", "b", "c", "d", "e" }) {
            limiter.acquire(client);
        }
        assertEquals(2, limiter.trackedClients());
    }

    @Test
    void idleClientsAreDroppedFirst() {
        RateLimiter limiter = new RateLimiter(TestConfig.rateLimit(1, 1, 2).rateLimit(), now::get, limited);
        limiter.acquire("idle");
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        limiter.acquire("busy");
        limiter.acquire("new");
        // "busy" kept its empty bucket; "idle" (refilled) made room
        assertThrows(RateLimitedException.class, () -> limiter.acquire("busy"));
        assertEquals(2, limiter.trackedClients());
    }
}
