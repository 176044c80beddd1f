package io.laas.token.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.laas.token.TokenPolicyConfig;

/**
 * Revoked subjects and tokens, in memory: the check on every request is two hash lookups, never a call to
 * IAM. An entry lives exactly as long as a token it concerns can still be valid (a subject: its revocation
 * time + the maximum token lifetime + the clock skew; a token: its expiry + the clock skew), then Caffeine
 * drops it. The entries are not bounded in number: evicting one early would let a revoked token through.
 */
@ApplicationScoped
public class DenyList {

    private final Duration maxLifetime;
    private final Duration clockSkew;
    private final Clock clock;
    /** subject → the latest revocation time */
    private final Cache<String, Instant> subjects;
    /** jti → when the token expires */
    private final Cache<String, Instant> tokens;
    private final List<Consumer<Revocation>> listeners = new CopyOnWriteArrayList<>();

    @Inject
    public DenyList(TokenPolicyConfig config) {
        this(config.maxLifetime(), config.clockSkew(), Clock.systemUTC(), Ticker.systemTicker());
    }

    public DenyList(Duration maxLifetime, Duration clockSkew, Clock clock, Ticker ticker) {
        this.maxLifetime = maxLifetime;
        this.clockSkew = clockSkew;
        this.clock = clock;
        this.subjects = Caffeine.newBuilder().ticker(ticker)
                .expireAfter(untilIrrelevant(revokedAt -> revokedAt.plus(maxLifetime).plus(clockSkew)))
                .build();
        this.tokens = Caffeine.newBuilder().ticker(ticker)
                .expireAfter(untilIrrelevant(expiresAt -> expiresAt.plus(clockSkew)))
                .build();
    }

    /** Whether a verified token with this {@code sub}, {@code iat} (epoch seconds) and {@code jti} is revoked. */
    public boolean denies(String subject, long issuedAt, String jti) {
        if (jti != null && tokens.getIfPresent(jti) != null) {
            return true;
        }
        Instant revokedAt = subject == null ? null : subjects.getIfPresent(subject);
        // iat has whole seconds: a token issued in the second of the revocation is refused too
        return revokedAt != null && issuedAt <= revokedAt.getEpochSecond();
    }

    /** Records a revocation that still concerns a valid token, then tells the listeners. */
    public void apply(Revocation revocation) {
        Instant now = clock.instant();
        if (revocation instanceof Revocation.SubjectRevoked revoked) {
            if (revoked.revokedAt().plus(maxLifetime).plus(clockSkew).isBefore(now)) {
                return;
            }
            subjects.asMap().merge(revoked.subject(), revoked.revokedAt(), (a, b) -> a.isAfter(b) ? a : b);
        } else if (revocation instanceof Revocation.TokenRevoked revoked) {
            if (revoked.expiresAt().plus(clockSkew).isBefore(now)) {
                return;
            }
            tokens.put(revoked.jti(), revoked.expiresAt());
        }
        listeners.forEach(listener -> listener.accept(revocation));
    }

    /** Called after every revocation recorded, e.g. to drop cached verifications of the tokens it concerns. */
    public void onRevocation(Consumer<Revocation> listener) {
        listeners.add(listener);
    }

    public long size() {
        subjects.cleanUp();
        tokens.cleanUp();
        return subjects.estimatedSize() + tokens.estimatedSize();
    }

    private Expiry<String, Instant> untilIrrelevant(java.util.function.UnaryOperator<Instant> irrelevantFrom) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(String key, Instant value, long currentTime) {
                Duration left = Duration.between(clock.instant(), irrelevantFrom.apply(value));
                return left.isNegative() ? 0 : left.toNanos();
            }

            @Override
            public long expireAfterUpdate(String key, Instant value, long currentTime, long currentDuration) {
                return expireAfterCreate(key, value, currentTime);
            }

            @Override
            public long expireAfterRead(String key, Instant value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }
}
