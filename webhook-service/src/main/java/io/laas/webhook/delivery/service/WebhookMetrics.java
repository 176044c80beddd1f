package io.laas.webhook.delivery.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The service's meters (Prometheus names: {@code laas_webhook_*}). */
@ApplicationScoped
public class WebhookMetrics {

    private final Counter succeeded;
    private final Counter failed;
    private final Timer attemptSuccess;
    private final Timer attemptFailure;
    private final Counter eventsStored;
    private final Counter eventsDuplicate;
    private final Counter deadLettered;
    private final Counter endpointsDisabled;
    private final AtomicLong pending = new AtomicLong();

    public WebhookMetrics(MeterRegistry registry) {
        succeeded = Counter.builder("laas.webhook.deliveries.succeeded")
                .description("Deliveries acknowledged with a 2xx by the endpoint").register(registry);
        failed = Counter.builder("laas.webhook.deliveries.failed")
                .description("Deliveries given up (retries exhausted, 410 Gone or endpoint disabled)").register(registry);
        attemptSuccess = attemptTimer(registry, "success");
        attemptFailure = attemptTimer(registry, "failure");
        eventsStored = Counter.builder("laas.webhook.events.received").tag("result", "stored")
                .description("Ledger events consumed").register(registry);
        eventsDuplicate = Counter.builder("laas.webhook.events.received").tag("result", "duplicate")
                .description("Ledger events consumed").register(registry);
        deadLettered = Counter.builder("laas.webhook.events.dead.lettered")
                .description("Unprocessable records sent to the dead-letter topic").register(registry);
        endpointsDisabled = Counter.builder("laas.webhook.endpoints.disabled")
                .description("Endpoints disabled because they answered 410 Gone").register(registry);
        Gauge.builder("laas.webhook.deliveries.pending", pending, AtomicLong::get)
                .description("Deliveries waiting for their next attempt").register(registry);
    }

    private static Timer attemptTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("laas.webhook.attempt.duration").tag("outcome", outcome)
                .description("Duration of one delivery attempt (address check, request, response)")
                .register(registry);
    }

    public void attempt(boolean success, Duration duration) {
        (success ? attemptSuccess : attemptFailure).record(duration);
    }

    public void deliverySucceeded() {
        succeeded.increment();
    }

    public void deliveriesFailed(int count) {
        failed.increment(count);
    }

    public void eventReceived(boolean duplicate) {
        (duplicate ? eventsDuplicate : eventsStored).increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void endpointDisabled() {
        endpointsDisabled.increment();
    }

    public void pending(long count) {
        pending.set(count);
    }
}
