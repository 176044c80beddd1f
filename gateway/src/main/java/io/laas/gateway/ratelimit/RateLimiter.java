package io.laas.gateway.ratelimit;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.laas.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Token buckets in memory: one per credential (the token's client id: an API key's id, an OAuth2 client, a
 * person) and one per organisation (the {@code org_id} claim) that all its credentials share. A request
 * takes a token from both or from neither. The buckets' shapes are the configured defaults unless the
 * caller's token carries its organisation's override. Each gateway replica limits on its own, so the
 * effective limit of a deployment is the configured one times the replicas.
 */
@ApplicationScoped
public class RateLimiter {

    static final String CLIENT_POLICY = "client";
    static final String ORGANIZATION_POLICY = "organization";

    private final GatewayConfig.RateLimit config;
    private final Allowance clientDefault;
    private final Allowance organizationDefault;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final Counter limited;

    @Inject
    public RateLimiter(GatewayConfig config, MeterRegistry metrics) {
        this(config.rateLimit(), System::nanoTime, metrics.counter("laas_gateway_rate_limited"));
    }

    RateLimiter(GatewayConfig.RateLimit config, LongSupplier nanoClock, Counter limited) {
        this.config = config;
        this.clientDefault = new Allowance(config.requestsPerSecond(), config.burst());
        this.organizationDefault = new Allowance(config.organization().requestsPerSecond(),
                config.organization().burst());
        this.nanoClock = nanoClock;
        this.limited = limited;
    }

    /** Whether requests are limited at all (otherwise {@link #acquire} answers null). */
    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Takes one token for the credential and one for its organisation, or fails with
     * {@link RateLimitedException} (429, seconds to wait, the buckets' state) and takes none.
     *
     * @param orgId the caller's organisation, or null (then only the credential's bucket counts)
     * @param clientOverride the organisation's override of the per-credential bucket, or null
     * @param organizationOverride the organisation's override of its shared bucket, or null
     * @return the state to advertise, or null when rate limiting is off
     */
    public RateLimitStatus acquire(String clientId, String orgId, Allowance clientOverride,
            Allowance organizationOverride) {
        if (!config.enabled()) {
            return null;
        }
        long now = nanoClock.getAsLong();
        Allowance clientAllowance = clientOverride == null ? clientDefault : clientOverride;
        Bucket client = bucket("c:" + clientId, clientAllowance, now);
        long clientWait = client.take(now, clientAllowance);
        RateLimitStatus.Item clientItem = client.item(CLIENT_POLICY, now, clientAllowance, clientWait);
        if (orgId == null) {
            refuseIfWaiting(clientWait, List.of(clientItem), "this client");
            return new RateLimitStatus(List.of(clientItem));
        }
        Allowance organizationAllowance = organizationOverride == null ? organizationDefault : organizationOverride;
        Bucket organization = bucket("o:" + orgId, organizationAllowance, now);
        long organizationWait = clientWait > 0 ? organization.waitFor(now, organizationAllowance)
                : organization.take(now, organizationAllowance);
        if (clientWait == 0 && organizationWait > 0) {
            client.giveBack();
            clientItem = client.item(CLIENT_POLICY, now, clientAllowance, 0);
        }
        List<RateLimitStatus.Item> items = List.of(clientItem,
                organization.item(ORGANIZATION_POLICY, now, organizationAllowance, organizationWait));
        refuseIfWaiting(Math.max(clientWait, organizationWait), items,
                organizationWait > clientWait ? "this organisation" : "this client");
        return new RateLimitStatus(items);
    }

    int trackedBuckets() {
        return buckets.size();
    }

    private void refuseIfWaiting(long waitNanos, List<RateLimitStatus.Item> items, String whose) {
        if (waitNanos > 0) {
            limited.increment();
            long retryAfter = seconds(waitNanos);
            throw new RateLimitedException(retryAfter, new RateLimitStatus(items),
                    "Too many requests for " + whose + "; retry after " + retryAfter + " s.");
        }
    }

    private Bucket bucket(String key, Allowance allowance, long now) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= config.maxClients()) {
            evict(now);
        }
        return buckets.computeIfAbsent(key, id -> new Bucket(allowance.burst(), now, allowance));
    }

    /** Drops idle buckets (those that have refilled completely); if every one is busy, drops any. */
    private void evict(long now) {
        buckets.values().removeIf(bucket -> bucket.isFull(now));
        Iterator<String> ids = buckets.keySet().iterator();
        while (buckets.size() >= config.maxClients() && ids.hasNext()) {
            ids.next();
            ids.remove();
        }
    }

    private static long seconds(long nanos) {
        return Math.max(1, (long) Math.ceil(nanos / (double) TimeUnit.SECONDS.toNanos(1)));
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;
        /** The shape it was last used with (an organisation's override may change between two tokens). */
        private Allowance allowance;

        Bucket(double tokens, long now, Allowance allowance) {
            this.tokens = tokens;
            this.updatedAt = now;
            this.allowance = allowance;
        }

        /** @return 0 when a token was taken, otherwise the nanoseconds until one is available */
        synchronized long take(long now, Allowance current) {
            long wait = waitFor(now, current);
            if (wait == 0) {
                tokens -= 1;
            }
            return wait;
        }

        /** The nanoseconds until a token is available (0: now), taking none. */
        synchronized long waitFor(long now, Allowance current) {
            allowance = current;
            refill(now);
            return tokens >= 1 ? 0
                    : (long) Math.ceil((1 - tokens) / current.requestsPerSecond() * TimeUnit.SECONDS.toNanos(1));
        }

        synchronized void giveBack() {
            tokens = Math.min(allowance.burst(), tokens + 1);
        }

        synchronized RateLimitStatus.Item item(String policy, long now, Allowance current, long waitNanos) {
            long remaining = (long) Math.floor(tokens);
            long reset = waitNanos > 0 ? seconds(waitNanos)
                    : (long) Math.ceil((current.burst() - tokens) / current.requestsPerSecond());
            return new RateLimitStatus.Item(policy, current.burst(), current.windowSeconds(), Math.max(0, remaining),
                    Math.max(0, reset));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= allowance.burst();
        }

        private void refill(long now) {
            long elapsed = Math.max(0, now - updatedAt);
            tokens = Math.min(allowance.burst(),
                    tokens + elapsed * allowance.requestsPerSecond() / TimeUnit.SECONDS.toNanos(1));
            updatedAt = now;
        }
    }
}
