package io.laas.webhook.endpoint;

import java.util.Map;

/** What a registration may set beside the URL, event types and description; validated by the caller. */
public record EndpointSettings(Map<String, String> headers, Integer rateLimit, Integer maxInFlight, boolean fifo) {

    public static final EndpointSettings DEFAULTS = new EndpointSettings(Map.of(), null, null, false);
}
