package io.laas.webhook.stats;

import java.time.Instant;

/**
 * What an endpoint's attempts of a window amount to, its latest answer and its queue.
 *
 * @param attempts attempts made in the window
 * @param succeeded those answered with a 2xx
 * @param durationMsSum their durations added up (0 without attempts)
 * @param durationMsMax the longest, {@code null} without attempts
 * @param lastAttemptAt the endpoint's latest attempt whatever the window, {@code null} if none is kept
 */
public record EndpointStats(StatsWindow window, long attempts, long succeeded, long durationMsSum, Long durationMsMax,
        Instant lastAttemptAt, Integer lastStatus, String lastError, Queue queue, boolean enabled,
        Instant failingSince) {

    /**
     * The endpoint's pending deliveries.
     *
     * @param pending not yet succeeded or failed for good
     * @param due of those, the ones whose attempt is due and that no dispatcher has leased
     * @param inFlight of those, the ones a dispatcher holds leased (being sent, or about to be)
     */
    public record Queue(long pending, long due, long inFlight) {
    }

    public long failed() {
        return attempts - succeeded;
    }

    /** Succeeded over attempts, {@code null} without attempts. */
    public Double successRate() {
        return attempts == 0 ? null : (double) succeeded / attempts;
    }

    /** Whole milliseconds, {@code null} without attempts. */
    public Long averageLatencyMs() {
        return attempts == 0 ? null : Math.round((double) durationMsSum / attempts);
    }
}
