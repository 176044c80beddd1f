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

    /** Per client: {@code rate}/s, burst {@code burst}; per organisation three times that (TestConfig). */
    private RateLimiter limiter(double rate, int burst, int maxBuckets) {
        return new RateLimiter(TestConfig.rateLimit(rate, burst, maxBuckets).rateLimit(), now::get, limited);
    }

    private static RateLimitStatus acquire(RateLimiter limiter, String client) {
        return limiter.acquire(client, null, null, null);
    }

    @Test
    void aBurstIsAllowedThenTheSustainedRate() {
        RateLimiter limiter = limiter(2, 3, 100);

        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> acquire(limiter, "a"));
        }
        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> acquire(limiter, "a"));
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(1.0, limited.count());
        assertDoesNotThrow(() -> acquire(limiter, "b"), "buckets are per client");

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertDoesNotThrow(() -> acquire(limiter, "a"), "one token back after 1/rate seconds");
        assertThrows(RateLimitedException.class, () -> acquire(limiter, "a"));
    }

    @Test
    void retryAfterIsTheTimeUntilTheNextToken() {
        RateLimiter limiter = limiter(0.1, 1, 100);
        acquire(limiter, "a");
        assertEquals(10, assertThrows(RateLimitedException.class, () -> acquire(limiter, "a")).retryAfterSeconds());
    }

    @Test
    void theStatusNamesBothPoliciesWithQuotaWindowRemainingAndReset() {
        RateLimiter limiter = limiter(2, 4, 100);
        RateLimitStatus status = limiter.acquire("key-1", "org-1", null, null);
        assertEquals("\"client\";q=4;w=2, \"organization\";q=12;w=2", status.policyHeader());
        assertEquals("\"client\";r=3;t=1, \"organization\";r=11;t=1", status.header());

        for (int i = 0; i < 3; i++) {
            limiter.acquire("key-1", "org-1", null, null);
        }
        RateLimitedException refused = assertThrows(RateLimitedException.class,
                () -> limiter.acquire("key-1", "org-1", null, null));
        assertEquals("\"client\";r=0;t=1, \"organization\";r=8;t=1", refused.buckets().header());
    }

    @Test
    void theCredentialsOfOneOrganisationShareItsBucket() {
        RateLimiter limiter = limiter(1, 2, 100); // organisation: burst 6
        for (String key : new String[] { "k1", "k1", "k2", "k2", "k3", "k3" }) {
            limiter.acquire(key, "org-a", null, null);
        }
        RateLimitedException refused = assertThrows(RateLimitedException.class,
                () -> limiter.acquire("k4", "org-a", null, null));
        assertEquals(1, refused.retryAfterSeconds());
        assertDoesNotThrow(() -> limiter.acquire("k5", "org-b", null, null), "another organisation has its own bucket");

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        // the refusal took nothing from k4's own bucket: it still has its whole burst (2) once the organisation refills
        assertEquals("\"client\";r=1;t=1, \"organization\";r=2;t=2",
                limiter.acquire("k4", "org-a", null, null).header());
    }

    @Test
    void anOrganisationsOverrideReplacesTheDefaults() {
        RateLimiter limiter = limiter(100, 100, 100);
        Allowance perKey = new Allowance(0.5, 1);
        Allowance perOrganisation = new Allowance(1, 2);

        RateLimitStatus status = limiter.acquire("k1", "org-a", perKey, perOrganisation);
        assertEquals("\"client\";q=1;w=2, \"organization\";q=2;w=2", status.policyHeader());
        assertEquals(2, assertThrows(RateLimitedException.class,
                () -> limiter.acquire("k1", "org-a", perKey, perOrganisation)).retryAfterSeconds());
        limiter.acquire("k2", "org-a", perKey, perOrganisation);
        assertThrows(RateLimitedException.class, () -> limiter.acquire("k3", "org-a", perKey, perOrganisation),
                "the organisation's bucket of 2 is empty");

        // the override lifted: the next token without it gets the (larger) defaults on the same buckets
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        for (int i = 0; i < 10; i++) {
            assertDoesNotThrow(() -> limiter.acquire("k1", "org-a", null, null));
        }
    }

    @Test
    void theNumberOfTrackedBucketsIsBounded() {
        RateLimiter limiter = limiter(1, 1, 2);
        for (String client : new String[] { "a", "b", "c", "d", "e" }) {
            acquire(limiter, client);
        }
        assertEquals(2, limiter.trackedBuckets());
    }

    @Test
    void idleClientsAreDroppedFirst() {
        RateLimiter limiter = limiter(1, 1, 2);
        acquire(limiter, "idle");
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        acquire(limiter, "busy");
        acquire(limiter, "new");
        // "busy" kept its empty bucket; "idle" (refilled) made room
        assertThrows(RateLimitedException.class, () -> acquire(limiter, "busy"));
        assertEquals(2, limiter.trackedBuckets());
    }
}
