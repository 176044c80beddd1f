package io.laas.k8s.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * A rendered overlay: its objects, the project version the images are tagged with, and the overlay's own kustomize
 * {@code images:} entries (name to newName/newTag), which re-point the services' images.
 */
public record Overlay(String name, List<Manifest> objects, String projectVersion, Map<String, JsonNode> imageOverrides) {

    /** The five services: Deployment name = container name = {@code app.kubernetes.io/name} = image name. */
    public static final List<String> SERVICES =
            List.of("gateway", "iam-service", "ledger-command-service", "projector-service", "webhook-service");

    private static final List<String> WORKLOADS = List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

    /** {@code kustomization} is the overlay's kustomization.yaml, read for its {@code images:} entries. */
    public static Overlay of(String name, List<Manifest> objects, String projectVersion, Manifest kustomization) {
        Map<String, JsonNode> overrides = new HashMap<>();
        for (JsonNode image : kustomization.node().path("images")) {
            overrides.put(image.path("name").asString(), image);
        }
        return new Overlay(name, objects, projectVersion, Map.copyOf(overrides));
    }

    public Stream<Manifest> all(String kind) {
        return objects.stream().filter(object -> object.is(kind));
    }

    public Optional<Manifest> find(String kind, String name) {
        return all(kind).filter(object -> object.name().equals(name)).findFirst();
    }

    /** The pod template of a workload (CronJob: its job's), missing for other kinds. */
    public static JsonNode podTemplate(Manifest object) {
        if (WORKLOADS.contains(object.kind())) {
            return object.spec().path("template");
        }
        if (object.is("CronJob")) {
            return object.spec().path("jobTemplate").path("spec").path("template");
        }
        return object.node().missingNode();
    }

    /** Every object with a pod template. */
    public Stream<Manifest> workloads() {
        return objects.stream().filter(object -> !podTemplate(object).isMissingNode());
    }

    /** {@code laas/<service>:<project version>}, or where the overlay's {@code images:} entry re-points it. */
    public String expectedImage(String service) {
        String image = "laas/" + service;
        JsonNode override = imageOverrides.get(image);
        if (override == null) {
            return image + ":" + projectVersion;
        }
        String newName = override.path("newName").asString(image);
        if (override.has("digest")) {
            return newName + "@" + override.path("digest").asString();
        }
        return newName + ":" + override.path("newTag").asString(projectVersion);
    }
}
