package io.laas.gateway.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    @Test
    void corsOffNeedsNothing() {
        assertDoesNotThrow(() -> CorsPolicy.check(false, List.of(), Optional.empty()));
        assertDoesNotThrow(() -> CorsPolicy.check(false, List.of("*"), Optional.of(true)));
    }

    @Test
    void anAllowListIsAccepted() {
        assertDoesNotThrow(() -> CorsPolicy.check(true, List.of("https://console.example"), Optional.empty()));
        assertDoesNotThrow(() -> CorsPolicy.check(true,
                List.of("https://console.example", "https://admin.example"), Optional.of(true)));
    }

    @Test
    void corsOnWithoutOriginsIsRefused() {
        var error = assertThrows(IllegalStateException.class,
                () -> CorsPolicy.check(true, List.of(), Optional.empty()));
        assertTrue(error.getMessage().contains("quarkus.http.cors.origins"), error.getMessage());
    }

    @Test
    void aWildcardOriginWithCredentialsIsRefused() {
        for (String wildcard : List.of("*", "/.*/", "null")) {
            var unset = assertThrows(IllegalStateException.class,
                    () -> CorsPolicy.check(true, List.of("https://console.example", wildcard), Optional.empty()));
            assertTrue(unset.getMessage().contains("access-control-allow-credentials=false"), unset.getMessage());
            assertThrows(IllegalStateException.class,
                    () -> CorsPolicy.check(true, List.of(wildcard), Optional.of(true)));
        }
    }

    @Test
    void aWildcardOriginWithoutCredentialsIsAccepted() {
        assertDoesNotThrow(() -> CorsPolicy.check(true, List.of("*"), Optional.of(false)));
    }
}
