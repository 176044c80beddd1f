package io.laas.webhook.endpoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A merge patch of an endpoint, validated: a {@code null} component is left as it is; an empty {@link Optional}
 * clears a field that may be unset. {@code url} is vetted again by the service before it is stored.
 */
public record EndpointChanges(String url, Optional<String> description, List<String> eventTypes, Boolean enabled,
        Map<String, String> headers, Optional<Integer> rateLimit, Optional<Integer> maxInFlight, Boolean fifo) {

    public boolean isEmpty() {
        return url == null && description == null && eventTypes == null && enabled == null && headers == null
                && rateLimit == null && maxInFlight == null && fifo == null;
    }
}
