package io.laas.gateway.routing;

import io.laas.gateway.config.GatewayConfig;

/** The services behind the gateway. */
public enum Upstream {

    IAM("iam"),
    COMMAND("command"),
    PROJECTOR("projector"),
    WEBHOOK("webhook");

    private final String label;

    Upstream(String label) {
        this.label = label;
    }

    /** Short name used in logs and metric tags. */
    public String label() {
        return label;
    }

    public String baseUrl(GatewayConfig config) {
        String url = switch (this) {
            case IAM -> config.iamUrl();
            case COMMAND -> config.commandUrl();
            case PROJECTOR -> config.projectorUrl();
            case WEBHOOK -> config.webhookUrl();
        };
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
