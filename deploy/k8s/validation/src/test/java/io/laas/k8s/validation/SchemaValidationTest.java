package io.laas.k8s.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SchemaValidationTest {

    @Test
    void theGoodFixtureValidatesStrictlyAgainstTheKubernetesAndOperatorSchemas() {
        Overlay good = Rendering.fixture("good");

        assertEquals(List.of(), Rendering.schemaFindings(good));
        assertEquals(13, good.objects().size(), "every object of the fixture was rendered and checked");
    }

    @Test
    void anUnknownFieldOfABuiltInKindFails() {
        List<String> findings = Rendering.schemaFindings(Rendering.fixture("schema-unknown-field"));

        assertEquals(1, findings.size(), findings::toString);
        assertTrue(findings.get(0).startsWith("Deployment/projector-service: /spec/template/spec/containers/0: "),
                findings::toString);
        assertTrue(findings.get(0).contains("imagePullPolice"), findings::toString);
    }

    @Test
    void aFieldOfTheWrongTypeFails() {
        List<String> findings = Rendering.schemaFindings(Rendering.fixture("schema-wrong-type"));

        assertEquals(1, findings.size(), findings::toString);
        assertTrue(findings.get(0).startsWith("Deployment/projector-service: /spec/replicas: "), findings::toString);
        assertTrue(findings.get(0).contains("integer"), findings::toString);
    }

    @Test
    void anUnknownFieldOfACustomResourceFails() {
        List<String> findings = Rendering.schemaFindings(Rendering.fixture("schema-crd-unknown-field"));

        assertEquals(1, findings.size(), findings::toString);
        assertTrue(findings.get(0).startsWith("KafkaTopic/outbox.event.ledger: /spec: "), findings::toString);
        assertTrue(findings.get(0).contains("partition"), findings::toString);
    }

    @Test
    void aKindWithoutASchemaFails() {
        List<String> findings = Rendering.schemaFindings(Rendering.fixture("schema-unknown-kind"));

        assertEquals(List.of("Widget/gadget: no schema for apiVersion example.com/v1 kind Widget"
                + " (schemas/SOURCES.md lists the vendored kinds)"), findings);
    }

    @Test
    void everyKindTheManifestsUseHasAVendoredSchema() {
        SchemaCatalog schemas = Rendering.schemas();
        for (String kind : List.of("v1 Service", "v1 ConfigMap", "v1 Secret", "v1 ServiceAccount", "apps/v1 Deployment",
                "autoscaling/v2 HorizontalPodAutoscaler", "policy/v1 PodDisruptionBudget",
                "networking.k8s.io/v1 NetworkPolicy", "networking.k8s.io/v1 Ingress", "batch/v1 Job",
                "rbac.authorization.k8s.io/v1 Role", "kafka.strimzi.io/v1beta2 Kafka",
                "kafka.strimzi.io/v1beta2 KafkaNodePool", "kafka.strimzi.io/v1beta2 KafkaTopic",
                "kafka.strimzi.io/v1beta2 KafkaUser", "kafka.strimzi.io/v1beta2 KafkaConnect",
                "kafka.strimzi.io/v1beta2 KafkaConnector", "kafka.strimzi.io/v1 Kafka", "kafka.strimzi.io/v1 KafkaTopic", "postgresql.cnpg.io/v1 Cluster", "postgresql.cnpg.io/v1 Pooler",
                "postgresql.cnpg.io/v1 ScheduledBackup", "postgresql.cnpg.io/v1 Backup",
                "postgresql.cnpg.io/v1 Publication", "postgresql.cnpg.io/v1 Database", "barmancloud.cnpg.io/v1 ObjectStore",
                "cert-manager.io/v1 Certificate", "cert-manager.io/v1 Issuer", "cert-manager.io/v1 ClusterIssuer",
                "monitoring.coreos.com/v1 PodMonitor", "monitoring.coreos.com/v1 ServiceMonitor",
                "monitoring.coreos.com/v1 PrometheusRule")) {
            String[] apiVersionKind = kind.split(" ");
            assertTrue(schemas.knows(apiVersionKind[0], apiVersionKind[1]), kind);
        }
    }
}
