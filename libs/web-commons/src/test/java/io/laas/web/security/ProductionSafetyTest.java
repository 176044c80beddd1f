package io.laas.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class ProductionSafetyTest {

    private static Map<String, String> safe() {
        Map<String, String> settings = new HashMap<>();
        settings.put("laas.iam.url", "https://iam.laas.internal:8443");
        settings.put("mp.jwt.verify.publickey.location", "https://iam.laas.internal:8443/.well-known/jwks.json");
        settings.put("laas.iam.api-key-secret", "k8s-secret-5b0c2f1e9a");
        settings.put("laas.iam.signing-key-secret", "k8s-secret-77d1e0c3ab");
        settings.put("quarkus.datasource.password", "k8s-secret-0f3e2d1c4b");
        settings.put("laas.iam.password-iterations", "600000");
        // names of where a secret is kept, not secrets (Quarkus' defaults)
        settings.put("quarkus.tls.key-store.credentials-provider.password-key", "password");
        settings.put("quarkus.proxy.credentials-provider.password-key", "password");
        settings.put("quarkus.http.port", "8080");
        return settings;
    }

    @Test
    void aProductionConfigurationPasses() {
        assertEquals(List.of(), ProductionSafety.violations(safe()));
    }

    @Test
    void aChangeMePlaceholderInASecretIsRefusedWithoutShowingIt() {
        var settings = safe();
        settings.put("laas.iam.api-key-secret", "change-me-in-production");
        settings.put("laas.iam.signing-key-secret", "local-signing-key-secret-change-me");
        List<String> problems = ProductionSafety.violations(settings);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("laas.iam.api-key-secret holds a change-me placeholder"), problems.get(0));
        assertFalse(String.join(" ", problems).contains("change-me-in-production"), problems.toString());
    }

    @Test
    void placeholdersAmongPreviousSecretsAndEncryptionKeysAreRefused() {
        var settings = safe();
        settings.put("laas.iam.api-key-secret-version", "2");
        settings.put("laas.iam.api-key-previous-secrets.1", "change-me-in-production");
        settings.put("LAAS_IAM_SIGNING_KEY_PREVIOUS_SECRETS_1", "local-signing-key-secret-change-me");
        settings.put("laas.webhook.secret-encryption-key", "local-webhook-secret-encryption-key-change-me");
        settings.put("laas.webhook.secret-encryption-previous-keys.\"1\"", "demo-secret");
        List<String> problems = ProductionSafety.violations(settings);
        assertEquals(4, problems.size(), problems.toString());
        assertFalse(String.join(" ", problems).contains("change-me-in-production"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("laas.iam.api-key-previous-secrets.1 holds a change-me")),
                problems.toString());
    }

    @Test
    void theLocalStacksDemoCredentialsAreRefused() {
        var settings = safe();
        settings.put("laas.projector.rebuild.client-secret", "projector-secret");
        settings.put("laas.demo.client-secret", "demo-secret");
        settings.put("laas.demo.api-key", "sk_test_12345678901234567890123456789012");
        settings.put("quarkus.datasource.password", "laas");
        List<String> problems = ProductionSafety.violations(settings);
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.contains("demo credential")), problems.toString());
    }

    @Test
    void theTestSigningKeyIsRefused() {
        var settings = safe();
        settings.put("mp.jwt.verify.publickey.location", "META-INF/laas/test-public-key.pem");
        List<String> problems = ProductionSafety.violations(settings);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("test suites' signing key"), problems.get(0));
    }

    @Test
    void plainHttpToIamIsRefusedUnlessExplicitlyAllowed() {
        var settings = safe();
        settings.put("laas.iam.url", "http://iam:8081");
        settings.put("quarkus.oidc.jwks-path", "http://iam:8081/.well-known/jwks.json");
        settings.put("laas.command.url", "http://command:8082");
        List<String> problems = ProductionSafety.violations(settings);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(ProductionSafety.ALLOW_INSECURE_INTERNAL_URLS), problems.get(0));

        settings.put(ProductionSafety.ALLOW_INSECURE_INTERNAL_URLS, "true");
        assertEquals(List.of(), ProductionSafety.violations(settings));
    }

    @Test
    void theStartupCheckRefusesAnUnsafeConfigurationWithEveryReason() {
        var settings = safe();
        settings.put("laas.iam.url", "http://localhost:8081");
        settings.put("laas.iam.api-key-secret", "change-me-in-production");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(settings, "test", 500)).build();

        var refused = assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(config));
        assertTrue(refused.getMessage().startsWith("Refusing to start in production"), refused.getMessage());
        assertTrue(refused.getMessage().contains("laas.iam.url=http://localhost:8081"), refused.getMessage());
        assertTrue(refused.getMessage().contains("laas.iam.api-key-secret holds a change-me"), refused.getMessage());
    }

    @Test
    void theStartupCheckAcceptsASafeConfiguration() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(safe(), "test", 500)).build();
        ProductionSafetyCheck.check(config);
    }
}
