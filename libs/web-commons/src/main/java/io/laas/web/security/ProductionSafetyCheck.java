package io.laas.web.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start a service in the {@code prod} profile whose settings {@link ProductionSafety} finds
 * unsafe. The dev, test and local profiles (the local stack runs in {@code local}) are not checked.
 */
@Singleton
public class ProductionSafetyCheck {

    void onStart(@Observes StartupEvent event, Config config) {
        if (ConfigUtils.getProfiles().contains("prod")) {
            check(config);
        }
    }

    /** Throws {@link IllegalStateException} listing every unsafe setting of {@code config}. */
    public static void check(Config config) {
        Map<String, String> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            try {
                config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(name, value));
            } catch (RuntimeException unresolvable) {
                // a value referring to an unset variable is not ours to judge here
            }
        }
        // set only through the environment (LAAS_SECURITY_ALLOW_INSECURE_INTERNAL_URLS), it is not among the names
        config.getOptionalValue(ProductionSafety.ALLOW_INSECURE_INTERNAL_URLS, String.class)
                .ifPresent(value -> settings.put(ProductionSafety.ALLOW_INSECURE_INTERNAL_URLS, value));
        List<String> problems = ProductionSafety.violations(settings);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start in production with unsafe settings:\n  - "
                    + String.join("\n  - ", problems));
        }
    }
}
