package io.laas.iam.config;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The issuer and audience shared by every service ({@code laas.issuer}, {@code laas.audience}). They sit
 * outside {@code laas.iam} because the gateway and the other services read the very same keys.
 */
@ApplicationScoped
public class IssuerConfig {

    private final String issuer;
    private final String audience;

    public IssuerConfig(@ConfigProperty(name = "laas.issuer", defaultValue = "http://localhost:8080") String issuer,
            @ConfigProperty(name = "laas.audience", defaultValue = "laas-api") String audience) {
        this.issuer = issuer;
        this.audience = audience;
    }

    /** Exactly the configured value: tokens carry it byte for byte and verifiers compare it byte for byte. */
    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    /** The issuer followed by {@code path}, without a doubled slash. */
    public String issuerUrl(String path) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return base + path;
    }
}
