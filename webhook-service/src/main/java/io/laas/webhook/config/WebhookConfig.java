package io.laas.webhook.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery behaviour of the webhook service ({@code laas.webhook.*}). */
@ConfigMapping(prefix = "laas.webhook")
public interface WebhookConfig {

    /** How often the dispatcher looks for due deliveries (read by the scheduler expression). */
    @WithDefault("500ms")
    Duration dispatchInterval();

    /** Deliveries claimed per dispatcher tick. */
    @WithDefault("50")
    int batchSize();

    /** HTTP requests in flight at once per dispatcher tick. */
    @WithDefault("16")
    int maxConcurrency();

    /** Whole-request timeout of one delivery attempt (connect, send, response). */
    @WithDefault("15s")
    Duration requestTimeout();

    /**
     * How far a claim pushes {@code next_attempt_at} forward: if this replica dies mid-send, another
     * one retries after the lease. Must comfortably exceed {@link #requestTimeout()}.
     */
    @WithDefault("60s")
    Duration claimLease();

    /**
     * Wait before each attempt: entry {@code i} is the wait before attempt {@code i + 1}, so the size
     * is the number of attempts. After the last one fails the delivery is {@code failed}.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Random spread applied to each scheduled wait (0.2 = plus or minus 20%). */
    @WithDefault("0.2")
    double retryJitter();

    /** Upper bound for a receiver's {@code Retry-After}. */
    @WithDefault("24h")
    Duration retryAfterMax();

    /**
     * Allow loopback, private, link-local and other internal targets. Off in production (SSRF);
     * the local stack turns it on for receivers on localhost.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** How often the pending-deliveries gauge is refreshed from the database. */
    @WithDefault("15s")
    Duration pendingGaugeInterval();

    Pagination pagination();

    interface Pagination {

        /** Page size when the request has no {@code limit}. */
        @WithDefault("50")
        int defaultLimit();

        /** Largest accepted {@code limit}. */
        @WithDefault("200")
        int maxLimit();
    }
}
