package io.laas.iam.quota.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What every organisation may have at most unless an operator overrides it ({@code laas.quotas.*}): active
 * ledgers, active API keys and OAuth2 clients, webhook endpoints (the webhook service enforces that one with
 * the same default). Defaults a real tenant rarely meets, small enough to stop a runaway script.
 */
@ConfigMapping(prefix = "laas.quotas")
public interface QuotaConfig {

    /** Ledgers not archived. */
    @WithDefault("100")
    int ledgers();

    /** API keys neither revoked nor expired. */
    @WithDefault("100")
    int apiKeys();

    /** OAuth2 clients not deleted. */
    @WithDefault("50")
    int oauthClients();

    /** Webhook endpoints not deleted (enforced by the webhook service). */
    @WithDefault("50")
    int webhookEndpoints();
}
