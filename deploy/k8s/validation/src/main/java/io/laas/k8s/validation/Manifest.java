package io.laas.k8s.validation;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** One rendered Kubernetes object, as kustomize printed it. */
public record Manifest(ObjectNode node) {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Every object of a multi-document YAML stream (empty documents are left out). */
    public static List<Manifest> parseAll(String yaml) {
        List<Manifest> manifests = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document instanceof ObjectNode object) {
                    manifests.add(new Manifest(object));
                }
            }
        }
        return manifests;
    }

    public String apiVersion() {
        return node.path("apiVersion").asString("");
    }

    public String kind() {
        return node.path("kind").asString("");
    }

    public String name() {
        return node.path("metadata").path("name").asString("");
    }

    public String namespace() {
        return node.path("metadata").path("namespace").asString("");
    }

    public boolean is(String kind) {
        return kind().equals(kind);
    }

    public JsonNode spec() {
        return node.path("spec");
    }

    /** How findings name the object: {@code Kind/name}. */
    public String id() {
        return kind() + "/" + name();
    }
}
