package io.laas.webhook.endpoint;

import java.util.Map;

/**
 * What a registration may set beside the URL, event types and description; validated by the caller. An endpoint
 * registered disabled receives nothing until it is enabled.
 */
public record EndpointSettings(Map<String, String> headers, Integer rateLimit, Integer maxInFlight, boolean fifo,
        boolean enabled) {

    public static final EndpointSettings DEFAULTS = new EndpointSettings(Map.of(), null, null, false, true);
}
