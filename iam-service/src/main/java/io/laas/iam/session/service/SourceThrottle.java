package io.laas.iam.session.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.laas.iam.config.IamConfig;

/**
 * Failed password checks per source address, in a fixed window per address (each replica counts on its
 * own): once {@code laas.iam.login.source-max-failures} is reached, every login from that address is
 * answered 429 with {@code Retry-After} until the window ends, the right password included, and no hash is
 * computed. Guessing across many accounts from one address is slowed here; guessing one account from many
 * addresses is stopped by the account lockout.
 */
@ApplicationScoped
public class SourceThrottle {

    private final Cache<String, Window> windows;
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;

    @Inject
    public SourceThrottle(IamConfig config) {
        this(config.login().sourceMaxFailures(), config.login().sourceWindow(), Clock.systemUTC());
    }

    SourceThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
        this.windows = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
    }

    /** Fails with {@link LoginThrottledException} while the source is over its budget. */
    public void check(String source) {
        Window current = windows.getIfPresent(key(source));
        Instant now = clock.instant();
        if (current != null && current.failures() >= maxFailures && now.isBefore(current.endsAt())) {
            long seconds = Math.max(1, Duration.between(now, current.endsAt()).toSeconds() + 1);
            throw new LoginThrottledException(seconds);
        }
    }

    public void failed(String source) {
        Instant now = clock.instant();
        windows.asMap().compute(key(source), (k, current) -> current == null || !now.isBefore(current.endsAt())
                ? new Window(1, now.plus(window))
                : new Window(current.failures() + 1, current.endsAt()));
    }

    private static String key(String source) {
        return source == null ? "" : source;
    }

    private record Window(int failures, Instant endsAt) {
    }
}
