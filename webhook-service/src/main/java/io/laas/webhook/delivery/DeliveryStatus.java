package io.laas.webhook.delivery;

import java.util.Locale;

/** The state of a delivery ({@code deliveries.status}). */
public enum DeliveryStatus {
    /** Waiting for its next attempt, or being attempted under a lease. */
    PENDING,
    /** An attempt got a 2xx answer. */
    SUCCEEDED,
    /** Given up: retries exhausted, 410 Gone, or the endpoint was disabled. */
    FAILED;

    /** The value stored in the database. */
    public String sql() {
        return name().toLowerCase(Locale.ROOT);
    }
}
