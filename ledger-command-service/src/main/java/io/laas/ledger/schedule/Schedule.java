package io.laas.ledger.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * A transaction template posted at {@code startAt} and then as {@code recurrence} says, until
 * {@code endAt} (inclusive) or {@code maxRuns} runs (each {@code null} when unbounded). {@code nextRunAt}
 * is {@code null} once no run is left.
 */
public record Schedule(UUID id, UUID ledgerId, ScheduleStatus status, JsonObject template, Instant startAt,
        Recurrence recurrence, Instant endAt, Integer maxRuns, int runs, int failedRuns, Instant nextRunAt,
        OffsetDateTime createdAt) {

    /** When run {@code run} falls due after one due at {@code previous}, within the end and the run limit. */
    public Instant dueAfter(int run, Instant previous) {
        if (maxRuns != null && run > maxRuns) {
            return null;
        }
        Instant due = recurrence.due(run, startAt, previous).orElse(null);
        return due == null || endAt != null && due.isAfter(endAt) ? null : due;
    }

    public Schedule with(ScheduleStatus newStatus, int newRuns, int newFailedRuns, Instant newNextRunAt) {
        return new Schedule(id, ledgerId, newStatus, template, startAt, recurrence, endAt, maxRuns, newRuns, newFailedRuns,
                newNextRunAt, createdAt);
    }
}
