package io.laas.webhook.endpoint.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The webhook endpoint quota per organisation ({@code laas.quotas.webhook-endpoints}, the same key and default as
 * IAM's). An operator's override for one organisation arrives in its access tokens ({@code limits} claim).
 */
@ConfigMapping(prefix = "laas.quotas")
public interface EndpointQuotaConfig {

    @WithDefault("50")
    int webhookEndpoints();
}
