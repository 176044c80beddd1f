package io.laas.gateway.support;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.laas.gateway.config.GatewayConfig;

/** A {@link GatewayConfig} for plain unit tests: {@link TestConfig}'s, with the given command affinity. */
public record AffinityConfig(TestConfig base, boolean enabled, Optional<String> dnsName, int port,
        Optional<List<String>> urls) implements GatewayConfig, GatewayConfig.CommandAffinity {

    public static AffinityConfig urls(String commandUrl, boolean enabled, List<String> urls) {
        return new AffinityConfig(TestConfig.upstreamsAt(commandUrl), enabled, Optional.empty(), 8082, Optional.of(urls));
    }

    public static AffinityConfig dns(String commandUrl, String dnsName, int port) {
        return new AffinityConfig(TestConfig.upstreamsAt(commandUrl), true, Optional.of(dnsName), port, Optional.empty());
    }

    @Override
    public CommandAffinity commandAffinity() {
        return this;
    }

    @Override
    public Duration refreshInterval() {
        return Duration.ofHours(1);
    }

    @Override
    public String iamUrl() {
        return base.iamUrl();
    }

    @Override
    public String commandUrl() {
        return base.commandUrl();
    }

    @Override
    public String projectorUrl() {
        return base.projectorUrl();
    }

    @Override
    public String webhookUrl() {
        return base.webhookUrl();
    }

    @Override
    public Duration connectTimeout() {
        return base.connectTimeout();
    }

    @Override
    public Duration timeout() {
        return base.timeout();
    }

    @Override
    public int maxConnectionsPerUpstream() {
        return base.maxConnectionsPerUpstream();
    }

    @Override
    public RateLimit rateLimit() {
        return base.rateLimit();
    }

    @Override
    public AuthFailures authFailures() {
        return base.authFailures();
    }

    @Override
    public Optional<List<String>> trustedProxies() {
        return base.trustedProxies();
    }

    @Override
    public ApiKeys apiKeys() {
        return base.apiKeys();
    }

    @Override
    public TokenCache tokenCache() {
        return base.tokenCache();
    }

    @Override
    public UpstreamInfo upstreamInfo() {
        return base.upstreamInfo();
    }
}
