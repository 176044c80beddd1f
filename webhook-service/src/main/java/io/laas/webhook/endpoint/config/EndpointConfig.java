package io.laas.webhook.endpoint.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and rotation of the tenants' endpoints ({@code laas.webhook.*}). */
@ConfigMapping(prefix = "laas.webhook")
public interface EndpointConfig {

    /** Endpoints one ledger may have; one more is refused with 422 {@code WEBHOOK_ENDPOINT_LIMIT}. */
    @WithDefault("20")
    int maxEndpointsPerLedger();

    /**
     * How long the secret before a rotation keeps signing next to the new one (both signatures on every
     * request), so that receivers can switch secrets without losing a delivery.
     */
    @WithDefault("24h")
    Duration secretOverlap();
}
