package io.laas.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.laas.gateway.support.TestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** TestConfig: 3 failures per client id, 5 per address, in a 1-minute window. */
class AuthFailureThrottleTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final AuthFailureThrottle throttle = new AuthFailureThrottle(
            TestConfig.rateLimit(1, 1, 1).authFailures(), now::get, new SimpleMeterRegistry().counter("throttled"));

    @Test
    void aClientIdIsRefusedAfterItsFailuresUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            throttle.check("client-a", "198.51.100.1");
            throttle.failed("client-a", "198.51.100.1");
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        RateLimitedException refused = assertThrows(RateLimitedException.class,
                () -> throttle.check("client-a", "203.0.113.5"));
        assertEquals(40, refused.retryAfterSeconds());
        assertDoesNotThrow(() -> throttle.check("client-b", "203.0.113.5"), "another client from elsewhere");

        now.addAndGet(TimeUnit.SECONDS.toNanos(40));
        assertDoesNotThrow(() -> throttle.check("client-a", "203.0.113.5"), "a new window");
    }

    @Test
    void anAddressIsRefusedAfterItsFailuresWhateverTheClientId() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("guess-" + i, "198.51.100.9");
        }
        assertThrows(RateLimitedException.class, () -> throttle.check("guess-99", "198.51.100.9"));
        assertThrows(RateLimitedException.class, () -> throttle.check(null, "198.51.100.9"));
        assertDoesNotThrow(() -> throttle.check("guess-99", "198.51.100.10"));
    }
}
