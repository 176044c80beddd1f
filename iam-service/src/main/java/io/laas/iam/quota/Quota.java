package io.laas.iam.quota;

/** What an organisation may only have so many of; the name is the one of the API and of QUOTA_EXCEEDED. */
public enum Quota {
    LEDGERS("ledgers"),
    API_KEYS("api_keys"),
    OAUTH_CLIENTS("oauth_clients"),
    WEBHOOK_ENDPOINTS("webhook_endpoints");

    private final String apiName;

    Quota(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
