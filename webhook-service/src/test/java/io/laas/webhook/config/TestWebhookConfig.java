package io.laas.webhook.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link WebhookConfig} with the documented defaults, for tests that run without Quarkus. */
public final class TestWebhookConfig implements WebhookConfig {

    private List<Duration> retrySchedule = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    private double retryJitter = 0.2;
    private Duration retryAfterMax = Duration.ofHours(24);
    private Duration dnsTimeout = Duration.ofSeconds(2);
    private int dnsThreads = 32;
    private boolean allowPrivateTargets;
    private Optional<Set<Integer>> allowedPorts = Optional.empty();

    public TestWebhookConfig withRetry(List<Duration> schedule, double jitter, Duration afterMax) {
        this.retrySchedule = schedule;
        this.retryJitter = jitter;
        this.retryAfterMax = afterMax;
        return this;
    }

    public TestWebhookConfig withDns(Duration timeout, int threads) {
        this.dnsTimeout = timeout;
        this.dnsThreads = threads;
        return this;
    }

    public TestWebhookConfig withPrivateTargetsAllowed(boolean allowed) {
        this.allowPrivateTargets = allowed;
        return this;
    }

    public TestWebhookConfig withAllowedPorts(Set<Integer> ports) {
        this.allowedPorts = Optional.of(ports);
        return this;
    }

    @Override
    public Duration dispatchInterval() {
        return Duration.ofMillis(500);
    }

    @Override
    public int maxInFlight() {
        return 256;
    }

    @Override
    public int maxInFlightPerEndpoint() {
        return 4;
    }

    @Override
    public int prefetchPerEndpoint() {
        return 16;
    }

    @Override
    public int endpointsPerCycle() {
        return 100;
    }

    @Override
    public Duration requestTimeout() {
        return Duration.ofSeconds(15);
    }

    @Override
    public Duration dnsTimeout() {
        return dnsTimeout;
    }

    @Override
    public int dnsThreads() {
        return dnsThreads;
    }

    @Override
    public Duration claimLease() {
        return Duration.ofSeconds(60);
    }

    @Override
    public List<Duration> retrySchedule() {
        return retrySchedule;
    }

    @Override
    public double retryJitter() {
        return retryJitter;
    }

    @Override
    public Duration retryAfterMax() {
        return retryAfterMax;
    }

    @Override
    public Duration disableAfterFailing() {
        return Duration.ofDays(5);
    }

    @Override
    public Duration throttleMax() {
        return Duration.ofHours(1);
    }

    @Override
    public boolean allowPrivateTargets() {
        return allowPrivateTargets;
    }

    @Override
    public Optional<Set<Integer>> allowedPorts() {
        return allowedPorts;
    }

    @Override
    public Duration pendingGaugeInterval() {
        return Duration.ofSeconds(15);
    }

    @Override
    public Pagination pagination() {
        return null;
    }
}
