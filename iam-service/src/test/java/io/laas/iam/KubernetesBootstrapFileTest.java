package io.laas.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.laas.iam.bootstrap.TenantsFile;
import io.laas.iam.bootstrap.TenantsFileReader;

/**
 * The bootstrap file of the Kubernetes manifests (ConfigMap laas-iam-bootstrap) is one IAM accepts: the operator's
 * organisation with the three service clients, every secret taken from the environment, none with a default.
 */
class KubernetesBootstrapFileTest {

    private static final Path FILE = Path.of("../deploy/k8s/base/services/iam-service/tenants.yml");

    private static final Map<String, String> SECRETS = Map.of(
            "LAAS_OPS_CLIENT_SECRET", "ops-client-secret-of-the-cluster",
            "LAAS_PROJECTOR_CLIENT_SECRET", "projector-secret-of-the-cluster",
            "LAAS_LEDGER_COMMAND_CLIENT_SECRET", "command-secret-of-the-cluster");

    @Test
    void theOperatorsOrganisationHoldsTheServiceClientsWithSecretsFromTheEnvironment() {
        TenantsFile file = new TenantsFileReader(SECRETS::get).read(FILE);

        assertEquals(1, file.organizations().size());
        TenantsFile.Organization operator = file.organizations().get(0);
        assertTrue(operator.operator(), "the organisation must be the operator's (ops:admin)");
        assertEquals(List.of(), operator.users(), "no person is provisioned from the cluster's file");
        List<TenantsFile.Client> clients = operator.projects().stream().flatMap(p -> p.clients().stream()).toList();
        assertEquals(List.of("ops-client", "projector-service", "ledger-command-service"),
                clients.stream().map(TenantsFile.Client::clientId).toList());
        clients.forEach(client -> assertEquals(List.of("ops:admin"), client.scopes(), client.clientId()));
        assertEquals(Map.of("ops-client", "ops-client-secret-of-the-cluster",
                "projector-service", "projector-secret-of-the-cluster",
                "ledger-command-service", "command-secret-of-the-cluster"),
                clients.stream().collect(Collectors.toMap(TenantsFile.Client::clientId,
                        TenantsFile.Client::clientSecret)));
        assertEquals(List.of(), file.demoCredentials());
    }

    @Test
    void aSecretMissingFromTheEnvironmentStopsTheStartInsteadOfFallingBackToADefault() {
        for (String name : SECRETS.keySet()) {
            Map<String, String> withoutOne = new HashMap<>(SECRETS);
            withoutOne.remove(name);
            var refused = assertThrows(IllegalArgumentException.class,
                    () -> new TenantsFileReader(withoutOne::get).read(FILE));
            assertTrue(refused.getMessage().contains(name) && refused.getMessage().contains("no default"),
                    refused.getMessage());
        }
    }
}
