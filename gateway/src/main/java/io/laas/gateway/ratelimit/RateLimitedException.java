package io.laas.gateway.ratelimit;

import java.util.Map;

import io.laas.web.problem.ProblemException;

/**
 * 429 RATE_LIMITED, answered with a {@code Retry-After} header (seconds) and, when a bucket refused the
 * request, the {@code RateLimit-Policy} and {@code RateLimit} fields.
 */
public class RateLimitedException extends ProblemException {

    private final long retryAfterSeconds;
    private final transient RateLimitStatus buckets;

    public RateLimitedException(long retryAfterSeconds) {
        this(retryAfterSeconds, null, "Too many requests for this client; retry after " + retryAfterSeconds + " s.");
    }

    public RateLimitedException(long retryAfterSeconds, RateLimitStatus status, String detail) {
        super(429, "RATE_LIMITED", "Too Many Requests", detail, Map.of("retry_after", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
        this.buckets = status;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The buckets' state, or null when the refusal is not a bucket's (failed authentications). */
    public RateLimitStatus buckets() {
        return buckets;
    }
}
