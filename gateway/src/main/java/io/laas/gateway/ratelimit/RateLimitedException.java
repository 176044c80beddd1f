package io.laas.gateway.ratelimit;

import java.util.Map;

import io.laas.web.problem.ProblemException;

/** 429 RATE_LIMITED, answered with a {@code Retry-After} header (seconds). */
public class RateLimitedException extends ProblemException {

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds) {
        super(429, "RATE_LIMITED", "Too Many Requests",
                "Too many requests for this client; retry after " + retryAfterSeconds + " s.",
                Map.of("retry_after", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
