package io.laas.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.laas.iam.bootstrap.TenantsFile;
import io.laas.iam.bootstrap.TenantsFileReader;

class TenantsFileReaderTest {

    private static final Path DEMO = Path.of("../deploy/local/tenants.yml");

    @Test
    void demoFileUsesDefaultsWhenTheEnvironmentIsEmpty() {
        TenantsFile file = new TenantsFileReader(name -> null).read(DEMO);
        TenantsFile.Organization org = file.organizations().get(0);
        assertEquals("Test Org", org.name());
        assertEquals("password", org.users().get(0).password());
        TenantsFile.Ledger sandbox = org.projects().get(0).ledgers().get(0);
        assertEquals("USD", sandbox.currency());
        assertEquals("sk_test_12345678901234567890123456789012", sandbox.apiKeys().get(0).key());
        assertEquals("demo-secret", org.projects().get(0).clients().get(0).clientSecret());
        assertEquals(java.util.List.of("sandbox"), org.projects().get(0).clients().get(0).ledgers());
    }

    @Test
    void environmentOverridesDefaults() {
        Map<String, String> env = Map.of("LAAS_DEMO_CLIENT_SECRET", "from-env: with # yaml chars",
                "LAAS_DEMO_API_KEY", "sk_live_abcdefghijklmnopqrstuvwxyz0123456789");
        TenantsFile file = new TenantsFileReader(env::get).read(DEMO);
        TenantsFile.Project project = file.organizations().get(0).projects().get(0);
        assertEquals("from-env: with # yaml chars", project.clients().get(0).clientSecret());
        assertEquals("sk_live_abcdefghijklmnopqrstuvwxyz0123456789", project.ledgers().get(0).apiKeys().get(0).key());
    }

    @Test
    void invalidApiKeyFromTheEnvironmentIsRefused() {
        Map<String, String> env = Map.of("LAAS_DEMO_API_KEY", "sk_test_123");
        assertThrows(IllegalArgumentException.class, () -> new TenantsFileReader(env::get).read(DEMO));
    }

    @Test
    void aChecksummedKeyMustCarryItsChecksumAndAFreshOneIsAccepted() {
        String fresh = io.laas.web.security.ApiKeyFormat.generate(true);
        String typo = fresh.substring(0, fresh.length() - 1) + (fresh.endsWith("0") ? "1" : "0");
        assertEquals(fresh, new TenantsFileReader(Map.of("LAAS_DEMO_API_KEY", fresh)::get).read(DEMO)
                .organizations().get(0).projects().get(0).ledgers().get(0).apiKeys().get(0).key());
        assertThrows(IllegalArgumentException.class,
                () -> new TenantsFileReader(Map.of("LAAS_DEMO_API_KEY", typo)::get).read(DEMO));
    }

    @Test
    void anApiKeyMayHoldOnlyLedgerAndWebhookScopes() {
        String file = """
                organizations:
                  - id: 00000000-0000-0000-0000-0000000000b1
                    name: Keys
                    projects:
                      - id: 00000000-0000-0000-0000-0000000000b2
                        code: p
                        name: P
                        ledgers:
                          - id: 00000000-0000-0000-0000-0000000000b3
                            code: l
                            name: L
                            currency: EUR
                            api_keys:
                              - id: 00000000-0000-0000-0000-0000000000b4
                                key: sk_test_12345678901234567890123456789012
                                scopes: [%s]
                """;
        new TenantsFileReader(name -> null).read(write(file.formatted("ledger:read, webhooks:write")));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new TenantsFileReader(name -> null).read(write(file.formatted("iam:admin"))));
        assertEquals(true, refused.getMessage().contains("iam:admin"), refused.getMessage());
    }

    private static final String CLIENT_WITH_OPS_ADMIN = """
            organizations:
              - id: 00000000-0000-0000-0000-0000000000a1
                name: Some org
                %s
                projects:
                  - id: 00000000-0000-0000-0000-0000000000a2
                    code: p
                    name: P
                    clients:
                      - client_id: c
                        client_secret: s
                        name: C
                        scopes: [ops:admin]
            """;

    @Test
    void opsAdminIsOnlyForTheOperatorsOrganization() {
        TenantsFileReader reader = new TenantsFileReader(name -> null);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> reader.read(write(CLIENT_WITH_OPS_ADMIN.formatted(""))));
        assertEquals(true, error.getMessage().contains("ops:admin"), error.getMessage());

        TenantsFile operator = reader.read(write(CLIENT_WITH_OPS_ADMIN.formatted("operator: true")));
        assertEquals(true, operator.organizations().get(0).operator());
        assertEquals(java.util.List.of("ops:admin"), operator.organizations().get(0).projects().get(0).clients().get(0).scopes());
    }

    @Test
    void variableWithoutDefaultMustBeSet() {
        TenantsFileReader reader = new TenantsFileReader(name -> null);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> reader.read(write("organizations:\n  - id: 00000000-0000-0000-0000-0000000000aa\n    name: ${ORG_NAME}\n")));
        assertEquals(true, error.getMessage().contains("ORG_NAME"));
    }

    private static Path write(String content) {
        try {
            Path file = java.nio.file.Files.createTempFile("tenants-", ".yml");
            java.nio.file.Files.writeString(file, content);
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
