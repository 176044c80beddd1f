package io.laas.webhook.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * What became of one claimed delivery, waiting to be recorded: an HTTP attempt ({@code attempted}) with
 * its answer and the delivery's new status, a failure without an attempt (the endpoint was disabled
 * meanwhile), or a lease given back unused ({@link #released()}). {@code nextDelay} is the wait before the next attempt when the status stays pending;
 * {@code gone} means the endpoint answered 410 and must be disabled. {@code url} is where the attempt went;
 * {@code exchange} what the log keeps of a failed attempt's request and answer ({@code null} for a success).
 * {@code throttle}: the endpoint answered 429 or 503 with {@code Retry-After}, and nothing more is sent to it for
 * that long (capped); {@code null} otherwise.
 */
public record AttemptOutcome(ClaimedDelivery delivery, int attemptNumber, boolean attempted, DeliveryStatus status,
        Duration nextDelay, Instant attemptedAt, Integer responseStatus, String error, long durationMs,
        boolean gone, String url, FailedExchange exchange, Duration throttle) {

    /** The delivery fails without an attempt: its endpoint is disabled. */
    public static AttemptOutcome endpointDisabled(ClaimedDelivery delivery) {
        return new AttemptOutcome(delivery, delivery.attempts() + 1, false, DeliveryStatus.FAILED, null, Instant.now(),
                null, null, 0, false, delivery.url(), null, null);
    }

    /**
     * The delivery was leased ahead but not attempted (too little of its lease was left, or the dispatcher
     * is stopping): it is due again at once, its attempts unchanged.
     */
    public static AttemptOutcome release(ClaimedDelivery delivery) {
        return new AttemptOutcome(delivery, delivery.attempts() + 1, false, DeliveryStatus.PENDING, Duration.ZERO,
                Instant.now(), null, null, 0, false, delivery.url(), null, null);
    }

    public boolean released() {
        return !attempted && status == DeliveryStatus.PENDING;
    }
}
