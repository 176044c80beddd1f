package io.laas.gateway.support;

import java.time.Duration;

import io.laas.gateway.config.GatewayConfig;

/** A {@link GatewayConfig} for plain unit tests, all services at one base URL. */
public record TestConfig(String baseUrl, Duration timeout, double requestsPerSecond, int burst, int maxClients)
        implements GatewayConfig {

    public static TestConfig upstreamsAt(String baseUrl) {
        return new TestConfig(baseUrl, Duration.ofSeconds(2), 200, 400, 100_000);
    }

    public static TestConfig rateLimit(double requestsPerSecond, int burst, int maxClients) {
        return new TestConfig("http://127.0.0.1:1", Duration.ofSeconds(2), requestsPerSecond, burst, maxClients);
    }

    @Override
    public String iamUrl() {
        return baseUrl;
    }

    @Override
    public String commandUrl() {
        return baseUrl;
    }

    @Override
    public String projectorUrl() {
        return baseUrl;
    }

    @Override
    public String webhookUrl() {
        return baseUrl;
    }

    @Override
    public Duration connectTimeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    public int maxConnectionsPerUpstream() {
        return 10;
    }

    /** No command replicas: writes go to {@link #commandUrl()}. */
    @Override
    public CommandAffinity commandAffinity() {
        return new CommandAffinity() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public java.util.Optional<String> dnsName() {
                return java.util.Optional.empty();
            }

            @Override
            public int port() {
                return 8082;
            }

            @Override
            public java.util.Optional<java.util.List<String>> urls() {
                return java.util.Optional.empty();
            }

            @Override
            public Duration refreshInterval() {
                return Duration.ofSeconds(5);
            }
        };
    }

    @Override
    public RateLimit rateLimit() {
        return new RateLimit() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public double requestsPerSecond() {
                return requestsPerSecond;
            }

            @Override
            public int burst() {
                return burst;
            }

            @Override
            public int maxClients() {
                return maxClients;
            }

            @Override
            public Organization organization() {
                return new Organization() {
                    @Override
                    public double requestsPerSecond() {
                        return requestsPerSecond * 3;
                    }

                    @Override
                    public int burst() {
                        return burst * 3;
                    }
                };
            }
        };
    }

    @Override
    public AuthFailures authFailures() {
        return new AuthFailures() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int maxPerClient() {
                return 3;
            }

            @Override
            public int maxPerAddress() {
                return 5;
            }

            @Override
            public Duration window() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Duration refusedKeyTtl() {
                return Duration.ofSeconds(30);
            }

            @Override
            public int refusedKeyCacheSize() {
                return 100;
            }
        };
    }

    @Override
    public java.util.Optional<java.util.List<String>> trustedProxies() {
        return java.util.Optional.empty();
    }

    @Override
    public ApiKeys apiKeys() {
        return new ApiKeys() {
            @Override
            public int cacheSize() {
                return 10;
            }

            @Override
            public Duration expiryMargin() {
                return Duration.ofSeconds(30);
            }
        };
    }

    @Override
    public UpstreamInfo upstreamInfo() {
        return new UpstreamInfo() {
            @Override
            public Duration timeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration healthTimeout() {
                return Duration.ofMillis(500);
            }
        };
    }

    @Override
    public TokenCache tokenCache() {
        return () -> 100;
    }
}
