package io.laas.k8s.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * The deployment policies every overlay keeps (deploy/k8s/validation/README.md): each rule returns its findings, one
 * line each, naming the object and the field; no finding means the rule holds.
 */
public final class Policies {

    static final String LEDGER_TOPIC = "outbox.event.ledger";
    static final List<String> LEDGER_CONSUMERS = List.of("projector-service", "webhook-service");
    static final List<String> POOL_SIZES = List.of("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE",
            "QUARKUS_DATASOURCE_BATCH_REACTIVE_MAX_SIZE", "QUARKUS_DATASOURCE_JDBC_MAX_SIZE");
    /** Debezium's PostgreSQL connector: one replication connection and one for its queries. */
    /**
     * Pools a service opens beside its datasources, by container name: the variable that sizes each and its default.
     * A projector's rebuild writes the ledger's copy through a pool of its own (RebuildConfig#poolSize).
     */
    static final Map<String, Map<String, Integer>> EXTRA_POOLS = Map.of(
            "projector-service", Map.of("LAAS_PROJECTOR_REBUILD_POOL_SIZE", 1));
    static final int DEBEZIUM_CONNECTIONS = 2;
    static final int RESERVED_CONNECTIONS = 10;

    /** Every rule, by the name the README gives it. */
    public static final Map<String, Function<Overlay, List<String>>> RULES = rules();

    private Policies() {
    }

    private static Map<String, Function<Overlay, List<String>>> rules() {
        Map<String, Function<Overlay, List<String>>> rules = new LinkedHashMap<>();
        rules.put("images", Policies::images);
        rules.put("resources", Policies::resources);
        rules.put("probes", Policies::probes);
        rules.put("security-context", Policies::securityContext);
        rules.put("management-port", Policies::managementPortNotExposed);
        rules.put("pdb-and-hpa", Policies::disruptionBudgetAndAutoscaler);
        rules.put("default-deny", Policies::defaultDeny);
        rules.put("connection-budget", Policies::connectionBudget);
        rules.put("ledger-partitions", Policies::ledgerPartitions);
        rules.put("references", Policies::references);
        return rules;
    }

    /** Every finding of every rule. */
    public static List<String> check(Overlay overlay) {
        return RULES.values().stream().flatMap(rule -> rule.apply(overlay).stream()).toList();
    }

    /** Images carry a tag (or digest), never {@code latest}; the services' are {@code laas/<service>:<version>}. */
    static List<String> images(Overlay overlay) {
        List<String> findings = new ArrayList<>();
        overlay.workloads().forEach(workload -> containers(workload, true).forEach(container -> {
            String field = container.field() + ".image";
            String image = container.node().path("image").asString("");
            String lastSegment = image.substring(image.lastIndexOf('/') + 1);
            if (image.isEmpty()) {
                findings.add(workload.id() + ": " + field + " is not set");
            } else if (!lastSegment.contains(":") && !image.contains("@")) {
                findings.add(workload.id() + ": " + field + " '" + image + "' has no tag");
            } else if (lastSegment.endsWith(":latest")) {
                findings.add(workload.id() + ": " + field + " '" + image + "' uses the tag latest");
            }
            String service = container.node().path("name").asString();
            if (workload.is("Deployment") && Overlay.SERVICES.contains(service)
                    && !image.equals(overlay.expectedImage(service))) {
                findings.add(workload.id() + ": " + field + " is '" + image + "', expected '"
                        + overlay.expectedImage(service) + "' (the build's image, or the overlay's images: entry)");
            }
        }));
        return findings;
    }

    /** Every container requests and limits cpu and memory. */
    static List<String> resources(Overlay overlay) {
        List<String> findings = new ArrayList<>();
        overlay.workloads().forEach(workload -> containers(workload, true).forEach(container -> {
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (container.node().path("resources").path(bound).path(resource).isMissingNode()) {
                        findings.add(workload.id() + ": " + container.field() + ".resources." + bound + "." + resource
                                + " is not set");
                    }
                }
            }
        }));
        return findings;
    }

    /** Every container of a long-running workload has startup, liveness and readiness probes. */
    static List<String> probes(Overlay overlay) {
        List<String> findings = new ArrayList<>();
        overlay.workloads().filter(workload -> !workload.is("Job") && !workload.is("CronJob"))
                .forEach(workload -> containers(workload, false).forEach(container -> {
                    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                        if (container.node().path(probe).isMissingNode()) {
                            findings.add(workload.id() + ": " + container.field() + "." + probe + " is not set");
                        }
                    }
                }));
        return findings;
    }

    /** Non-root, read-only root filesystem, no privilege escalation, every capability dropped. */
    static List<String> securityContext(Overlay overlay) {
        List<String> findings = new ArrayList<>();
        overlay.workloads().forEach(workload -> {
            JsonNode podContext = Overlay.podTemplate(workload).path("spec").path("securityContext");
            containers(workload, true).forEach(container -> {
                JsonNode context = container.node().path("securityContext");
                String field = container.field() + ".securityContext";
                boolean nonRoot = context.has("runAsNonRoot")
                        ? context.path("runAsNonRoot").asBoolean(false)
                        : podContext.path("runAsNonRoot").asBoolean(false);
                if (!nonRoot) {
                    findings.add(workload.id() + ": " + field + ".runAsNonRoot (or spec.template.spec.securityContext"
                            + ".runAsNonRoot) is not true");
                }
                if (!context.path("readOnlyRootFilesystem").asBoolean(false)) {
                    findings.add(workload.id() + ": " + field + ".readOnlyRootFilesystem is not true");
                }
                if (!context.path("allowPrivilegeEscalation").isBoolean()
                        || context.path("allowPrivilegeEscalation").asBoolean()) {
                    findings.add(workload.id() + ": " + field + ".allowPrivilegeEscalation is not false");
                }
                boolean dropsAll = false;
                for (JsonNode capability : context.path("capabilities").path("drop")) {
                    dropsAll |= capability.asString().equals("ALL");
                }
                if (!dropsAll) {
                    findings.add(workload.id() + ": " + field + ".capabilities.drop does not contain ALL");
                }
            });
        });
        return findings;
    }

    /**
     * The management port (health, metrics) is never reachable through the Ingress, and no Service port other than one
     * named {@code management} forwards to it.
     */
    static List<String> managementPortNotExposed(Overlay overlay) {
        List<String> findings = new ArrayList<>();
        overlay.all("Service").forEach(service -> {
            JsonNode ports = service.spec().path("ports");
            for (int i = 0; i < ports.size(); i++) {
                JsonNode port = ports.path(i);
                if (!port.path("name").asString("").equals("management")
                        && port.path("targetPort").asString("").equals("management")) {
                    findings.add(service.id() + ": spec.ports[" + i + "] ('" + port.path("name").asString("")
                            + "') forwards to the management port");
                }
            }
        });
        overlay.all("Ingress").forEach(ingress -> {
            List<Map.Entry<String, JsonNode>> backends = new ArrayList<>();
            backends.add(Map.entry("spec.defaultBackend", ingress.spec().path("defaultBackend")));
            JsonNode rules = ingress.spec().path("rules");
            for (int r = 0; r < rules.size(); r++) {
                JsonNode paths = rules.path(r).path("http").path("paths");
                for (int p = 0; p < paths.size(); p++) {
                    backends.add(Map.entry("spec.rules[" + r + "].http.paths[" + p + "].backend",
                            paths.path(p).path("backend")));
                }
            }
            for (Map.Entry<String, JsonNode> backend : backends) {
                JsonNode service = backend.getValue().path("service");
                if (service.isMissingNode()) {
                    continue;
                }
                String serviceName = service.path("name").asString();
                JsonNode port = service.path("port");
                Optional<JsonNode> servicePort = overlay.find("Service", serviceName).stream()
                        .flatMap(target -> stream(target.spec().path("ports")))
                        .filter(candidate -> port.has("name")
                                ? candidate.path("name").asString("").equals(port.path("name").asString())
                                : candidate.path("port").asInt() == port.path("number").asInt())
                        .findFirst();
                boolean management = port.path("name").asString("").equals("management")
                        || servicePort.map(found -> found.path("name").asString("").equals("management")
                                || found.path("targetPort").asString("").equals("management")).orElse(false);
                if (management) {
                    findings.add(ingress.id() + ": " + backend.getKey() + " exposes the management port of Service "
                            + serviceName);
                }
            }
        });
        return findings;
    }

    /** Every Deployment has a PodDisruptionBudget selecting its pods and a HorizontalPodAutoscaler scaling it. */
    static List<String> disruptionBudgetAndAutoscaler(Overlay overlay) {
        List<String> findings = new ArrayList<>();
        overlay.all("Deployment").forEach(deployment -> {
            JsonNode podLabels = deployment.spec().path("template").path("metadata").path("labels");
            boolean budgeted = overlay.all("PodDisruptionBudget").anyMatch(budget -> {
                JsonNode matchLabels = budget.spec().path("selector").path("matchLabels");
                return !matchLabels.isEmpty() && matchLabels.properties().stream()
                        .allMatch(label -> podLabels.path(label.getKey()).equals(label.getValue()));
            });
            if (!budgeted) {
                findings.add(deployment.id() + ": no PodDisruptionBudget selects its pods (spec.template.metadata.labels)");
            }
            if (autoscaler(overlay, deployment.name()).isEmpty()) {
                findings.add(deployment.id() + ": no HorizontalPodAutoscaler has scaleTargetRef Deployment/"
                        + deployment.name());
            }
        });
        return findings;
    }

    /** NetworkPolicies deny all ingress and all egress to every pod unless another policy allows it. */
    static List<String> defaultDeny(Overlay overlay) {
        List<String> findings = new ArrayList<>();
        for (String direction : List.of("Ingress", "Egress")) {
            String rules = direction.toLowerCase();
            boolean denied = overlay.all("NetworkPolicy").anyMatch(policy -> policy.spec().path("podSelector").isEmpty()
                    && stream(policy.spec().path("policyTypes")).anyMatch(type -> type.asString().equals(direction))
                    && policy.spec().path(rules).isEmpty());
            if (!denied) {
                findings.add("NetworkPolicy: none denies all " + rules + " (spec.podSelector {}, spec.policyTypes ["
                        + direction + "], no spec." + rules + " rules)");
            }
        }
        return findings;
    }

    /**
     * Sum over the Deployments of (reactive + batch + JDBC pool sizes) x HPA maxReplicas, + Debezium's connections when
     * its KafkaConnector exists, + the reserved ones, stays below the CloudNativePG Cluster's max_connections.
     */
    static List<String> connectionBudget(Overlay overlay) {
        List<String> findings = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        int total = 0;
        for (Manifest deployment : overlay.all("Deployment").toList()) {
            for (Container container : containers(deployment, false).toList()) {
                Map<String, String> env = environment(overlay, container.node());
                boolean usesDatabase = env.containsKey("LAAS_DB_USERNAME")
                        || POOL_SIZES.stream().anyMatch(env::containsKey);
                if (!usesDatabase) {
                    continue;
                }
                int perReplica = 0;
                for (String pool : POOL_SIZES) {
                    String size = env.get(pool);
                    if (size == null || !size.matches("\\d+")) {
                        findings.add(deployment.id() + ": " + container.field() + ".env " + pool
                                + (size == null ? " is not set" : " is not a number: '" + size + "'")
                                + " (the connection budget needs every pool size)");
                    } else {
                        perReplica += Integer.parseInt(size);
                    }
                }
                for (Map.Entry<String, Integer> pool : EXTRA_POOLS.getOrDefault(container.node().path("name").asString(""),
                        Map.of()).entrySet()) {
                    String size = env.getOrDefault(pool.getKey(), String.valueOf(pool.getValue()));
                    if (!size.matches("\\d+")) {
                        findings.add(deployment.id() + ": " + container.field() + ".env " + pool.getKey()
                                + " is not a number: '" + size + "'");
                    } else {
                        perReplica += Integer.parseInt(size);
                    }
                }
                int replicas = maxReplicas(overlay, deployment);
                terms.add(deployment.name() + " " + perReplica + " x " + replicas);
                total += perReplica * replicas;
            }
        }
        if (overlay.all("KafkaConnector").findAny().isPresent()) {
            terms.add("Debezium " + DEBEZIUM_CONNECTIONS);
            total += DEBEZIUM_CONNECTIONS;
        }
        if (terms.isEmpty()) {
            return findings;
        }
        terms.add("reserved " + RESERVED_CONNECTIONS);
        total += RESERVED_CONNECTIONS;
        List<Manifest> clusters = overlay.all("Cluster")
                .filter(cluster -> cluster.apiVersion().startsWith("postgresql.cnpg.io/")).toList();
        if (clusters.isEmpty()) {
            findings.add("Cluster (postgresql.cnpg.io): none in the overlay, so the connection budget ("
                    + String.join(" + ", terms) + " = " + total + ") has no max_connections to stay under");
        }
        for (Manifest cluster : clusters) {
            String field = "spec.postgresql.parameters.max_connections";
            String limit = cluster.spec().path("postgresql").path("parameters").path("max_connections").asString("");
            if (!limit.matches("\\d+")) {
                findings.add(cluster.id() + ": " + field + " is not set to a number ('" + limit + "')");
            } else if (total >= Integer.parseInt(limit)) {
                findings.add(cluster.id() + ": connection budget " + String.join(" + ", terms) + " = " + total
                        + " is not below " + field + " " + limit);
            }
        }
        return findings;
    }

    /** The ledger topic has at least as many partitions as its consumers can have replicas. */
    static List<String> ledgerPartitions(Overlay overlay) {
        List<String> findings = new ArrayList<>();
        Optional<Manifest> topic = overlay.all("KafkaTopic").filter(candidate -> LEDGER_TOPIC.equals(
                candidate.spec().path("topicName").asString(candidate.name()))).findFirst();
        for (String consumer : LEDGER_CONSUMERS) {
            Optional<Manifest> autoscaler = autoscaler(overlay, consumer);
            if (autoscaler.isEmpty()) {
                continue;
            }
            int maxReplicas = autoscaler.get().spec().path("maxReplicas").asInt();
            if (topic.isEmpty()) {
                findings.add("KafkaTopic/" + LEDGER_TOPIC + ": missing, so nothing bounds "
                        + autoscaler.get().id() + " spec.maxReplicas " + maxReplicas);
            } else if (topic.get().spec().path("partitions").asInt() < maxReplicas) {
                findings.add(topic.get().id() + ": spec.partitions " + topic.get().spec().path("partitions").asInt()
                        + " is below " + autoscaler.get().id() + " spec.maxReplicas " + maxReplicas
                        + " (replicas beyond the partitions would idle)");
            }
        }
        return findings;
    }

    /**
     * Every Secret and ConfigMap a Deployment refers to is rendered, created by an operator from a rendered object
     * (CloudNativePG Cluster, Strimzi Kafka/KafkaUser, cert-manager Certificate), or in the list of Secrets the cluster's
     * operator creates by hand (operator-created-secrets.txt).
     */
    static List<String> references(Overlay overlay) {
        Set<String> secrets = new HashSet<>(OPERATOR_CREATED_SECRETS);
        Set<String> configMaps = new HashSet<>();
        overlay.all("Secret").forEach(secret -> secrets.add(secret.name()));
        overlay.all("ConfigMap").forEach(configMap -> configMaps.add(configMap.name()));
        overlay.all("Cluster").filter(cluster -> cluster.apiVersion().startsWith("postgresql.cnpg.io/"))
                .forEach(cluster -> Stream.of("ca", "server", "replication", "app", "superuser")
                        .forEach(suffix -> secrets.add(cluster.name() + "-" + suffix)));
        overlay.all("Kafka").forEach(kafka -> Stream.of("cluster-ca-cert", "cluster-ca", "clients-ca-cert", "clients-ca")
                .forEach(suffix -> secrets.add(kafka.name() + "-" + suffix)));
        overlay.all("KafkaUser").forEach(user -> secrets.add(user.name()));
        overlay.all("Certificate").forEach(certificate -> secrets.add(certificate.spec().path("secretName").asString()));

        List<String> findings = new ArrayList<>();
        overlay.all("Deployment").forEach(deployment -> {
            JsonNode pod = deployment.spec().path("template").path("spec");
            containers(deployment, true).forEach(container -> {
                JsonNode env = container.node().path("env");
                for (int i = 0; i < env.size(); i++) {
                    String field = container.field() + ".env[" + i + "].valueFrom.";
                    JsonNode from = env.path(i).path("valueFrom");
                    expect(findings, deployment, field + "secretKeyRef.name", from.path("secretKeyRef"), secrets, "Secret");
                    expect(findings, deployment, field + "configMapKeyRef.name", from.path("configMapKeyRef"), configMaps,
                            "ConfigMap");
                }
                JsonNode envFrom = container.node().path("envFrom");
                for (int i = 0; i < envFrom.size(); i++) {
                    String field = container.field() + ".envFrom[" + i + "].";
                    expect(findings, deployment, field + "secretRef.name", envFrom.path(i).path("secretRef"), secrets,
                            "Secret");
                    expect(findings, deployment, field + "configMapRef.name", envFrom.path(i).path("configMapRef"),
                            configMaps, "ConfigMap");
                }
            });
            JsonNode volumes = pod.path("volumes");
            for (int i = 0; i < volumes.size(); i++) {
                String field = "spec.template.spec.volumes[" + i + "].";
                JsonNode volume = volumes.path(i);
                if (volume.has("secret")) {
                    expectName(findings, deployment, field + "secret.secretName",
                            volume.path("secret").path("secretName").asString(), volume.path("secret"), secrets, "Secret");
                }
                expect(findings, deployment, field + "configMap.name", volume.path("configMap"), configMaps, "ConfigMap");
                JsonNode sources = volume.path("projected").path("sources");
                for (int s = 0; s < sources.size(); s++) {
                    String source = field + "projected.sources[" + s + "].";
                    expect(findings, deployment, source + "secret.name", sources.path(s).path("secret"), secrets, "Secret");
                    expect(findings, deployment, source + "configMap.name", sources.path(s).path("configMap"), configMaps,
                            "ConfigMap");
                }
            }
        });
        return findings;
    }

    /** Secrets the cluster's operator creates by hand (their keys in docs/kubernetes.md); read once. */
    static final Set<String> OPERATOR_CREATED_SECRETS = operatorCreatedSecrets();

    private static Set<String> operatorCreatedSecrets() {
        try (InputStream list = Policies.class.getResourceAsStream("operator-created-secrets.txt")) {
            return new String(list.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expect(List<String> findings, Manifest deployment, String field, JsonNode reference,
            Set<String> known, String kind) {
        if (!reference.isMissingNode()) {
            expectName(findings, deployment, field, reference.path("name").asString(), reference, known, kind);
        }
    }

    private static void expectName(List<String> findings, Manifest deployment, String field, String name,
            JsonNode reference, Set<String> known, String kind) {
        if (!known.contains(name) && !reference.path("optional").asBoolean(false)) {
            findings.add(deployment.id() + ": " + field + " refers to " + kind + " '" + name + "', which is neither"
                    + " rendered, nor created by an operator from a rendered object, nor in operator-created-secrets.txt");
        }
    }

    /** A container of a workload and the path of its field, e.g. {@code spec.template.spec.containers[0]}. */
    record Container(String field, JsonNode node) {
    }

    static Stream<Container> containers(Manifest workload, boolean withInitContainers) {
        String prefix = workload.is("CronJob") ? "spec.jobTemplate.spec.template.spec." : "spec.template.spec.";
        JsonNode pod = Overlay.podTemplate(workload).path("spec");
        List<Container> containers = new ArrayList<>();
        for (String list : withInitContainers ? List.of("initContainers", "containers") : List.of("containers")) {
            JsonNode items = pod.path(list);
            for (int i = 0; i < items.size(); i++) {
                containers.add(new Container(prefix + list + "[" + i + "]", items.path(i)));
            }
        }
        return containers.stream();
    }

    /** A container's environment: literal values, and values from rendered ConfigMaps (env and envFrom). */
    static Map<String, String> environment(Overlay overlay, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            overlay.find("ConfigMap", from.path("configMapRef").path("name").asString(""))
                    .ifPresent(configMap -> configMap.node().path("data").properties().forEach(entry ->
                            env.put(from.path("prefix").asString("") + entry.getKey(), entry.getValue().asString())));
        }
        for (JsonNode variable : container.path("env")) {
            JsonNode configMapKey = variable.path("valueFrom").path("configMapKeyRef");
            if (variable.has("value")) {
                env.put(variable.path("name").asString(), variable.path("value").asString());
            } else if (!configMapKey.isMissingNode()) {
                overlay.find("ConfigMap", configMapKey.path("name").asString(""))
                        .map(configMap -> configMap.node().path("data").path(configMapKey.path("key").asString("")))
                        .filter(value -> !value.isMissingNode())
                        .ifPresent(value -> env.put(variable.path("name").asString(), value.asString()));
            } else {
                env.put(variable.path("name").asString(), "(from " + variable.path("valueFrom").propertyNames() + ")");
            }
        }
        return env;
    }

    static Optional<Manifest> autoscaler(Overlay overlay, String deployment) {
        return overlay.all("HorizontalPodAutoscaler").filter(hpa -> {
            JsonNode target = hpa.spec().path("scaleTargetRef");
            return target.path("kind").asString("").equals("Deployment")
                    && target.path("name").asString("").equals(deployment);
        }).findFirst();
    }

    private static int maxReplicas(Overlay overlay, Manifest deployment) {
        OptionalInt fromAutoscaler = autoscaler(overlay, deployment.name())
                .map(hpa -> OptionalInt.of(hpa.spec().path("maxReplicas").asInt())).orElse(OptionalInt.empty());
        return fromAutoscaler.orElse(deployment.spec().path("replicas").asInt(1));
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }
}
