package io.laas.gateway.config;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start with a CORS configuration that would let any web page call the API with the
 * browser's credentials: CORS is off by default; once on, it needs an explicit allow-list of origins,
 * and a wildcard origin ({@code *} or a catch-all pattern) is accepted only with credentials explicitly
 * switched off ({@code quarkus.http.cors.access-control-allow-credentials=false}).
 */
@Singleton
public class CorsPolicy {

    static final String ENABLED = "quarkus.http.cors.enabled";
    static final String ORIGINS = "quarkus.http.cors.origins";
    static final String CREDENTIALS = "quarkus.http.cors.access-control-allow-credentials";

    void onStart(@Observes StartupEvent event, Config config) {
        check(config.getOptionalValue(ENABLED, Boolean.class).orElse(false),
                config.getOptionalValues(ORIGINS, String.class).orElse(List.of()),
                config.getOptionalValue(CREDENTIALS, Boolean.class));
    }

    /**
     * Throws {@link IllegalStateException} naming the setting to change when the configuration is unsafe.
     *
     * @param enabled     {@code quarkus.http.cors.enabled}
     * @param origins     {@code quarkus.http.cors.origins} (empty when unset)
     * @param credentials {@code quarkus.http.cors.access-control-allow-credentials} (empty when unset)
     */
    public static void check(boolean enabled, List<String> origins, Optional<Boolean> credentials) {
        if (!enabled) {
            return;
        }
        List<String> given = origins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
        if (given.isEmpty()) {
            throw new IllegalStateException(ENABLED + "=true needs an allow-list of origins in " + ORIGINS
                    + " (e.g. https://console.example); refusing to start");
        }
        boolean wildcard = given.stream().anyMatch(CorsPolicy::isWildcard);
        if (wildcard && credentials.orElse(true)) {
            throw new IllegalStateException(ORIGINS + "=" + String.join(",", given)
                    + " allows every origin, which must not go with credentials: list the origins, or set "
                    + CREDENTIALS + "=false; refusing to start");
        }
    }

    private static boolean isWildcard(String origin) {
        return origin.equals("*") || origin.equals("/.*/") || origin.equals("/.+/") || origin.equals("null");
    }
}
