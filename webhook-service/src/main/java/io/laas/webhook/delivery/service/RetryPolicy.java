package io.laas.webhook.delivery.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.config.WebhookConfig;

/** When to try a failed delivery again: the configured schedule with jitter, stretched by Retry-After. */
@ApplicationScoped
public class RetryPolicy {

    private final List<Duration> schedule;
    private final double jitter;
    private final Duration retryAfterMax;
    private final Duration throttleMax;

    public RetryPolicy(WebhookConfig config) {
        this.schedule = List.copyOf(config.retrySchedule());
        this.jitter = Math.max(0, Math.min(1, config.retryJitter()));
        this.retryAfterMax = config.retryAfterMax();
        this.throttleMax = config.throttleMax();
    }

    public int maxAttempts() {
        return schedule.size();
    }

    /**
     * The wait before the next attempt after {@code attemptsMade} attempts failed, or empty when
     * that was the last one. A receiver's Retry-After (capped) wins when it is longer.
     */
    public Optional<Duration> nextDelay(int attemptsMade, Duration retryAfter) {
        if (attemptsMade >= schedule.size()) {
            return Optional.empty();
        }
        Duration base = schedule.get(attemptsMade);
        Duration delay = base;
        if (!base.isZero() && jitter > 0) {
            double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
            delay = Duration.ofMillis(Math.round(base.toMillis() * factor));
        }
        if (retryAfter != null) {
            Duration capped = retryAfter.compareTo(retryAfterMax) > 0 ? retryAfterMax : retryAfter;
            if (capped.compareTo(delay) > 0) {
                delay = capped;
            }
        }
        return Optional.of(delay);
    }

    /**
     * How long the whole endpoint is left alone after an answer: a 429 or 503 with a Retry-After pauses it for
     * that long, up to {@code laas.webhook.throttle-max}; {@code null} for any other answer.
     */
    public Duration throttle(Integer status, Duration retryAfter) {
        if (status == null || (status != 429 && status != 503) || retryAfter == null || retryAfter.isZero()) {
            return null;
        }
        return retryAfter.compareTo(throttleMax) > 0 ? throttleMax : retryAfter;
    }

    /** Parses a Retry-After value: delay-seconds or an HTTP date; {@code null} when absent or invalid. */
    public static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            long seconds = Long.parseLong(trimmed);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            // not delay-seconds: try an HTTP date
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration until = Duration.between(now, at);
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
