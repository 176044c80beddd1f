package io.laas.gateway.ratelimit;

/**
 * A token bucket's shape: {@code burst} requests at once, {@code requestsPerSecond} sustained.
 *
 * @param requestsPerSecond tokens added per second
 * @param burst the bucket's size
 */
public record Allowance(double requestsPerSecond, int burst) {

    public Allowance {
        if (!(requestsPerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("A rate limit needs a positive rate and a burst of at least 1");
        }
    }

    /** The window of the {@code RateLimit-Policy} item: how long an empty bucket takes to fill again (seconds, ≥ 1). */
    long windowSeconds() {
        return Math.max(1, (long) Math.ceil(burst / requestsPerSecond));
    }
}
