package io.laas.k8s.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Each rule passes on the good fixture and fails, with its message, on the bad fixture that breaks it (and only it:
 * every test compares all the findings of every rule).
 */
class PoliciesTest {

    private static final String CONTAINER = "Deployment/projector-service: spec.template.spec.containers[0]";

    @Test
    void theGoodFixturePassesEveryRule() {
        Overlay good = Rendering.fixture("good");

        for (var rule : Policies.RULES.entrySet()) {
            assertEquals(List.of(), rule.getValue().apply(good), rule.getKey());
        }
        assertEquals(List.of(), Policies.check(good));
    }

    @Test
    void anOverlayMayRepointTheServicesImagesWithImagesEntries() {
        Overlay repointed = Rendering.fixture("repointed");

        assertEquals(List.of(), Policies.check(repointed));
        assertEquals("registry.example.com/laas/projector-service:1.0.1", repointed.expectedImage("projector-service"));
    }

    @Test
    void anImageTaggedLatestFails() {
        assertEquals(List.of(
                CONTAINER + ".image 'laas/projector-service:latest' uses the tag latest",
                CONTAINER + ".image is 'laas/projector-service:latest', expected 'laas/projector-service:1.0.0'"
                        + " (the build's image, or the overlay's images: entry)"),
                Policies.check(Rendering.fixture("image-latest")));
    }

    @Test
    void anUntaggedImageFails() {
        assertEquals(List.of(
                CONTAINER + ".image 'laas/projector-service' has no tag",
                CONTAINER + ".image is 'laas/projector-service', expected 'laas/projector-service:1.0.0'"
                        + " (the build's image, or the overlay's images: entry)"),
                Policies.check(Rendering.fixture("image-untagged")));
    }

    @Test
    void aServiceImageOtherThanTheBuildsFails() {
        assertEquals(List.of(
                CONTAINER + ".image is 'laas/projector-service:0.9.0', expected 'laas/projector-service:1.0.0'"
                        + " (the build's image, or the overlay's images: entry)"),
                Policies.check(Rendering.fixture("image-other-version")));
    }

    @Test
    void aContainerWithoutACpuLimitFails() {
        assertEquals(List.of(CONTAINER + ".resources.limits.cpu is not set"),
                Policies.check(Rendering.fixture("resources-missing")));
    }

    @Test
    void aContainerWithoutAReadinessProbeFails() {
        assertEquals(List.of(CONTAINER + ".readinessProbe is not set"),
                Policies.check(Rendering.fixture("probes-missing")));
    }

    @Test
    void aContainerThatMayRunAsRootWriteItsFilesystemEscalateOrKeepCapabilitiesFails() {
        assertEquals(List.of(
                CONTAINER + ".securityContext.runAsNonRoot (or spec.template.spec.securityContext.runAsNonRoot) is not true",
                CONTAINER + ".securityContext.readOnlyRootFilesystem is not true",
                CONTAINER + ".securityContext.allowPrivilegeEscalation is not false",
                CONTAINER + ".securityContext.capabilities.drop does not contain ALL"),
                Policies.check(Rendering.fixture("security-context")));
    }

    @Test
    void anIngressRoutingToTheManagementPortFails() {
        assertEquals(List.of("Ingress/laas: spec.rules[0].http.paths[0].backend exposes the management port of Service"
                        + " projector-service"),
                Policies.check(Rendering.fixture("management-ingress")));
    }

    @Test
    void aServiceHttpPortForwardingToTheManagementPortFails() {
        assertEquals(List.of("Service/projector-service: spec.ports[0] ('http') forwards to the management port",
                        "Ingress/laas: spec.rules[0].http.paths[0].backend exposes the management port of Service"
                                + " projector-service"),
                Policies.check(Rendering.fixture("management-service-port")));
    }

    @Test
    void aDeploymentWithoutAPodDisruptionBudgetFails() {
        assertEquals(List.of("Deployment/projector-service: no PodDisruptionBudget selects its pods"
                        + " (spec.template.metadata.labels)"),
                Policies.check(Rendering.fixture("no-pdb")));
    }

    @Test
    void aDeploymentWithoutAnAutoscalerFails() {
        assertEquals(List.of("Deployment/projector-service: no HorizontalPodAutoscaler has scaleTargetRef"
                        + " Deployment/projector-service"),
                Policies.check(Rendering.fixture("no-hpa")));
    }

    @Test
    void anOverlayWithoutDefaultDenyEgressFails() {
        assertEquals(List.of("NetworkPolicy: none denies all egress (spec.podSelector {}, spec.policyTypes [Egress],"
                        + " no spec.egress rules)"),
                Policies.check(Rendering.fixture("no-default-deny")));
    }

    @Test
    void poolsTimesMaxReplicasAtOrAboveMaxConnectionsFail() {
        // 14 in the datasources' pools, and the rebuild's pool of 1 (its default) that a projector opens beside them
        assertEquals(List.of("Cluster/laas-postgres: connection budget projector-service 15 x 4 + reserved 10 = 70 is"
                        + " not below spec.postgresql.parameters.max_connections 60"),
                Policies.check(Rendering.fixture("connection-budget")));
    }

    @Test
    void aDeploymentThatLeavesAPoolSizeUnsetFails() {
        assertEquals(List.of(CONTAINER + ".env QUARKUS_DATASOURCE_JDBC_MAX_SIZE is not set (the connection budget needs"
                        + " every pool size)"),
                Policies.check(Rendering.fixture("pool-size-missing")));
    }

    @Test
    void fewerLedgerPartitionsThanConsumerReplicasFail() {
        assertEquals(List.of("KafkaTopic/outbox.event.ledger: spec.partitions 3 is below"
                        + " HorizontalPodAutoscaler/projector-service spec.maxReplicas 4 (replicas beyond the partitions"
                        + " would idle)"),
                Policies.check(Rendering.fixture("ledger-partitions")));
    }

    @Test
    void aMisspeltSecretNameFails() {
        assertEquals(List.of(CONTAINER + ".env[0].valueFrom.secretKeyRef.name refers to Secret 'laas-db-projectr',"
                        + " which is neither rendered, nor created by an operator from a rendered object, nor in"
                        + " operator-created-secrets.txt"),
                Policies.check(Rendering.fixture("secret-typo")));
    }

    @Test
    void aConfigMapThatNothingCreatesFails() {
        assertEquals(List.of(CONTAINER + ".envFrom[0].configMapRef.name refers to ConfigMap 'laas-settings', which is"
                        + " neither rendered, nor created by an operator from a rendered object, nor in"
                        + " operator-created-secrets.txt"),
                Policies.check(Rendering.fixture("configmap-missing")));
    }
}
