package io.laas.ledger.schedule.rest;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.ledger.transaction.rest.PostTransactionRequest;

/**
 * The body of {@code POST /v1/ledgers/{ledger_id}/schedules}: the {@code transaction} to post (as for
 * {@code POST …/transactions}, without idempotency key, status, expiry or effective time: each run
 * derives its key and is effective at its due time), when to start (default now), how often
 * ({@code every}; absent: once) and until when ({@code end_at}, {@code max_runs}).
 */
public record CreateScheduleRequest(String idempotencyKey, PostTransactionRequest transaction, String startAt,
        Every every, String endAt, JsonNode maxRuns) {

    /** {@code {"unit": "day"|"week"|"month", "count": n}} or {@code {"unit": "cron", "cron": "0 9 * * 1"}}. */
    public record Every(String unit, JsonNode count, String cron) {
    }
}
