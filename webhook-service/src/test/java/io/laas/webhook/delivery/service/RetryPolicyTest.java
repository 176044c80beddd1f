package io.laas.webhook.delivery.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.laas.webhook.config.TestWebhookConfig;
import io.laas.webhook.config.WebhookConfig;

class RetryPolicyTest {

    private static final List<Duration> SVIX = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

    private final RetryPolicy policy = new RetryPolicy(config(SVIX, 0.2, Duration.ofHours(24)));

    @Test
    void eachAttemptWaitsItsScheduledDelayWithinTwentyPercent() {
        for (int made = 1; made < SVIX.size(); made++) {
            Duration base = SVIX.get(made);
            for (int i = 0; i < 50; i++) {
                long delay = policy.nextDelay(made, null).orElseThrow().toMillis();
                assertTrue(delay >= base.toMillis() * 0.8 && delay <= base.toMillis() * 1.2, made + ": " + delay);
            }
        }
    }

    @Test
    void noAttemptAfterTheLastOne() {
        assertEquals(8, policy.maxAttempts());
        assertEquals(Optional.empty(), policy.nextDelay(8, null));
    }

    @Test
    void retryAfterWinsWhenLongerAndIsCapped() {
        assertEquals(Duration.ofSeconds(60), policy.nextDelay(1, Duration.ofSeconds(60)).orElseThrow());
        long shorter = policy.nextDelay(2, Duration.ofSeconds(1)).orElseThrow().toMillis();
        assertTrue(shorter >= 240_000, "schedule wins over a shorter Retry-After: " + shorter);
        assertEquals(Duration.ofHours(24), policy.nextDelay(1, Duration.ofDays(30)).orElseThrow());
    }

    @Test
    void retryAfterIsReadAsSecondsOrHttpDate() {
        Instant now = Instant.parse("2026-11-21T15:00:00Z");
        assertEquals(Duration.ofSeconds(120), RetryPolicy.parseRetryAfter("120", now));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(90).atOffset(ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(90), RetryPolicy.parseRetryAfter(date, now));
        assertEquals(Duration.ZERO, RetryPolicy.parseRetryAfter("Sat, 01 Jan 2000 00:00:00 GMT", now));
        assertNull(RetryPolicy.parseRetryAfter("soon", now));
        assertNull(RetryPolicy.parseRetryAfter("-5", now));
        assertNull(RetryPolicy.parseRetryAfter(null, now));
    }

    static WebhookConfig config(List<Duration> schedule, double jitter, Duration retryAfterMax) {
        return new TestWebhookConfig().withRetry(schedule, jitter, retryAfterMax);
    }
}
