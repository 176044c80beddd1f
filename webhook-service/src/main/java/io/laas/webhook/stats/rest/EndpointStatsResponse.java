package io.laas.webhook.stats.rest;

import java.time.Instant;

import io.laas.webhook.stats.EndpointStats;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An endpoint's statistics over a window. */
@RegisterForReflection
public record EndpointStatsResponse(String window, long attempts, long succeeded, long failed, Double successRate,
        Long averageLatencyMs, Long maxLatencyMs, Instant lastAttemptAt, Integer lastStatus, String lastError,
        Queue queue, boolean enabled, Instant failingSince) {

    @RegisterForReflection
    public record Queue(long pending, long due, long inFlight) {
    }

    static EndpointStatsResponse of(EndpointStats s) {
        return new EndpointStatsResponse(s.window().label(), s.attempts(), s.succeeded(), s.failed(), s.successRate(),
                s.averageLatencyMs(), s.durationMsMax(), s.lastAttemptAt(), s.lastStatus(), s.lastError(),
                new Queue(s.queue().pending(), s.queue().due(), s.queue().inFlight()), s.enabled(), s.failingSince());
    }
}
