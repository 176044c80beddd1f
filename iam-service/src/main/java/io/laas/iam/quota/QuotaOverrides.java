package io.laas.iam.quota;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An operator's overrides of one organisation's limits; null means the configured default.
 *
 * @param requestsPerSecond the organisation's shared bucket at the gateway (with {@code burst})
 * @param clientRequestsPerSecond each of its credentials' bucket at the gateway (with {@code clientBurst})
 * @param updatedAt when they were last set (null when there are none)
 */
public record QuotaOverrides(Double requestsPerSecond, Integer burst, Double clientRequestsPerSecond,
        Integer clientBurst, Integer ledgers, Integer apiKeys, Integer oauthClients, Integer webhookEndpoints,
        OffsetDateTime updatedAt) {

    public static final QuotaOverrides NONE = new QuotaOverrides(null, null, null, null, null, null, null, null, null);

    public Integer count(Quota quota) {
        return switch (quota) {
            case LEDGERS -> ledgers;
            case API_KEYS -> apiKeys;
            case OAUTH_CLIENTS -> oauthClients;
            case WEBHOOK_ENDPOINTS -> webhookEndpoints;
        };
    }

    /**
     * The access token's {@code limits} claim: what the gateway and the webhook service enforce themselves
     * (rates, webhook endpoints), only the overridden ones; empty when nothing is overridden.
     */
    public Map<String, Object> tokenClaim() {
        Map<String, Object> claim = new LinkedHashMap<>();
        if (requestsPerSecond != null) {
            claim.put("requests_per_second", requestsPerSecond);
            claim.put("burst", burst);
        }
        if (clientRequestsPerSecond != null) {
            claim.put("client_requests_per_second", clientRequestsPerSecond);
            claim.put("client_burst", clientBurst);
        }
        if (webhookEndpoints != null) {
            claim.put("webhook_endpoints", webhookEndpoints);
        }
        return claim;
    }
}
