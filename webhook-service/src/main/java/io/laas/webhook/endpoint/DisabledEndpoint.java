package io.laas.webhook.endpoint;

import java.time.Instant;
import java.util.UUID;

/**
 * An endpoint the service has just disabled: {@code reason} is {@code gone} (it answered 410) or {@code failing}
 * (nothing succeeded for too long); {@code failingSince} is its first failed attempt since its last success.
 */
public record DisabledEndpoint(UUID id, UUID ledgerId, String url, String reason, Instant disabledAt,
        Instant failingSince) {

    public static final String GONE = "gone";
    public static final String FAILING = "failing";
}
