package io.laas.iam;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.laas.iam.bootstrap.TenantsFile;
import io.laas.iam.bootstrap.TenantsFileReader;
import io.laas.iam.bootstrap.service.BootstrapService;

/** Production refuses the local stack's tenants file unless its credentials come from the environment. */
class DemoCredentialsTest {

    private static final Path DEMO = Path.of("../deploy/local/tenants.yml");

    @Test
    void theLocalStacksFileWithItsDefaultsHoldsDemoCredentials() {
        TenantsFile file = new TenantsFileReader(name -> null).read(DEMO);
        assertEquals(List.of("user test@example.com: password",
                "api key 00000000-0000-0000-0000-000000000008: key",
                "client demo-client: client_secret"), file.demoCredentials().subList(0, 3));

        var refused = assertThrows(IllegalStateException.class, () -> BootstrapService.refuseDemoCredentials(DEMO, file));
        assertTrue(refused.getMessage().startsWith("Refusing to start in production"), refused.getMessage());
        assertTrue(refused.getMessage().contains("client demo-client: client_secret"), refused.getMessage());
        assertFalse(refused.getMessage().contains("demo-secret"), "the message must not show a secret");
    }

    @Test
    void credentialsFromTheEnvironmentAreAccepted() {
        Map<String, String> env = Map.of(
                "LAAS_DEMO_USER_PASSWORD", "a-long-password-of-its-own",
                "LAAS_DEMO_API_KEY", "sk_live_abcdefghijklmnopqrstuvwxyz0123456789",
                "LAAS_DEMO_CLIENT_SECRET", "client-secret-of-its-own",
                "LAAS_OPS_CLIENT_SECRET", "ops-secret-of-its-own",
                "LAAS_PROJECTOR_CLIENT_SECRET", "projector-secret-of-its-own",
                "LAAS_LEDGER_COMMAND_CLIENT_SECRET", "ledger-command-secret-of-its-own");
        TenantsFile file = new TenantsFileReader(env::get).read(DEMO);
        assertEquals(List.of(), file.demoCredentials());
        assertDoesNotThrow(() -> BootstrapService.refuseDemoCredentials(DEMO, file));
    }
}
