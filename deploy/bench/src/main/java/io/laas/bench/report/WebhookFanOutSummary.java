package io.laas.bench.report;

/**
 * The webhook phase: one ledger's events fanned out to {@code endpoints} fast endpoints on the benchmark's receiver,
 * then with one more that takes {@code slowSeconds} per request, then a backlog built while the webhook service is
 * stopped (SIGSTOP) and drained after it resumes (SIGCONT).
 *
 * @param rate transactions per second offered through the gateway (open loop)
 * @param steady first attempt after commit at the fast endpoints (arrival − {@code recorded_at}), fast endpoints only
 * @param withSlow the same while the slow endpoint was registered too
 * @param steadyDeliveriesPerSecond deliveries to the fast endpoints per second in the first part
 * @param backlog deliveries owed to the fast endpoints when the service resumed
 * @param drainSeconds from the resume until the last of them arrived; negative if they had not within the wait
 * @param drainPerSecond {@code backlog / drainSeconds}
 * @param duplicates deliveries of an event to an endpoint that had it already (by webhook-id)
 * @param missing deliveries to the fast endpoints that never arrived
 */
public record WebhookFanOutSummary(boolean ran, String ledgerCode, int endpoints, double rate, double steadySeconds,
        Percentiles steady, double steadyDeliveriesPerSecond, double slowSeconds, double withSlowSeconds,
        Percentiles withSlow, long backlog, double drainSeconds, double drainPerSecond, long duplicates, long missing) {

    public static final WebhookFanOutSummary NOT_RUN = new WebhookFanOutSummary(false, "", 0, 0, 0, Percentiles.NONE,
            0, 0, 0, Percentiles.NONE, 0, 0, 0, 0, 0);
}
