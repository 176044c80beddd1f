package io.laas.gateway.ratelimit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a request left the buckets it was counted in, as the {@code RateLimit-Policy} and {@code RateLimit}
 * header fields of draft-ietf-httpapi-ratelimit-headers-10 (structured-field lists, one item per policy):
 * {@code RateLimit-Policy: "client";q=2000;w=2, "organization";q=6000;w=2} and
 * {@code RateLimit: "client";r=1999;t=1, "organization";r=5999;t=1}.
 */
public record RateLimitStatus(List<Item> items) {

    public static final String POLICY_HEADER = "RateLimit-Policy";
    public static final String HEADER = "RateLimit";

    public RateLimitStatus {
        items = List.copyOf(items);
    }

    /**
     * @param policy the policy's name ({@code client}, {@code organization})
     * @param quota {@code q}: the bucket's size
     * @param windowSeconds {@code w}: seconds an empty bucket takes to fill
     * @param remaining {@code r}: requests that can be sent now
     * @param resetSeconds {@code t}: seconds until the bucket is full again
     */
    public record Item(String policy, int quota, long windowSeconds, long remaining, long resetSeconds) {
    }

    public String policyHeader() {
        return items.stream().map(item -> "\"" + item.policy() + "\";q=" + item.quota() + ";w=" + item.windowSeconds())
                .collect(Collectors.joining(", "));
    }

    public String header() {
        return items.stream().map(item -> "\"" + item.policy() + "\";r=" + item.remaining() + ";t=" + item.resetSeconds())
                .collect(Collectors.joining(", "));
    }
}
