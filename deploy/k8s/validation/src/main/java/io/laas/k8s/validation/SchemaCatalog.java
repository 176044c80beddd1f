package io.laas.k8s.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON schema of every kind the manifests may use: the Kubernetes OpenAPI v3 documents under
 * {@code schemas/kubernetes} and the {@code openAPIV3Schema} of every served version of the CRDs under
 * {@code schemas/crds} (sources and versions in schemas/SOURCES.md). Validation is strict, as {@code kubeconform -strict}:
 * an object schema that lists {@code properties} admits no other field unless it says
 * {@code x-kubernetes-preserve-unknown-fields} (see {@link StrictSchemas}).
 */
public final class SchemaCatalog {

    private static final String BASE = "https://laas.dev/k8s/schemas/";
    private static final JsonMapper JSON = new JsonMapper();

    /** "apiVersion kind" to where its schema is in the registry. */
    private final Map<String, String> locations;
    private final SchemaRegistry registry;
    private final Map<String, Schema> compiled = new HashMap<>();

    private SchemaCatalog(Map<String, String> locations, Map<String, String> documents) {
        this.locations = locations;
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(documents));
    }

    /** Loads {@code schemasDirectory/kubernetes/*.json} and {@code schemasDirectory/crds/**.yaml}. */
    public static SchemaCatalog load(Path schemasDirectory) {
        Map<String, String> locations = new HashMap<>();
        Map<String, String> documents = new HashMap<>();
        for (Path file : files(schemasDirectory.resolve("kubernetes"), ".json")) {
            ObjectNode document = (ObjectNode) JSON.readTree(read(file));
            String uri = BASE + "kubernetes/" + file.getFileName();
            for (Map.Entry<String, JsonNode> schema : document.path("components").path("schemas").properties()) {
                StrictSchemas.close(schema.getValue());
                for (JsonNode gvk : schema.getValue().path("x-kubernetes-group-version-kind")) {
                    String group = gvk.path("group").asString("");
                    String apiVersion = (group.isEmpty() ? "" : group + "/") + gvk.path("version").asString();
                    locations.putIfAbsent(key(apiVersion, gvk.path("kind").asString()),
                            uri + "#/components/schemas/" + schema.getKey());
                }
            }
            documents.put(uri, JSON.writeValueAsString(document));
        }
        for (Path file : files(schemasDirectory.resolve("crds"), ".yaml")) {
            for (Manifest crd : Manifest.parseAll(read(file))) {
                String group = crd.spec().path("group").asString();
                String kind = crd.spec().path("names").path("kind").asString();
                for (JsonNode version : crd.spec().path("versions")) {
                    if (!version.path("served").asBoolean(false)) {
                        continue;
                    }
                    String apiVersion = group + "/" + version.path("name").asString();
                    JsonNode schema = version.path("schema").path("openAPIV3Schema");
                    StrictSchemas.close(schema);
                    String uri = BASE + "crds/" + apiVersion + "/" + kind + ".json";
                    documents.put(uri, JSON.writeValueAsString(schema));
                    locations.put(key(apiVersion, kind), uri);
                }
            }
        }
        return new SchemaCatalog(locations, documents);
    }

    /** What is wrong with {@code manifest} by its kind's schema, each naming the object and the field; empty when valid. */
    public List<String> validate(Manifest manifest) {
        String location = locations.get(key(manifest.apiVersion(), manifest.kind()));
        if (location == null) {
            return List.of(manifest.id() + ": no schema for apiVersion " + manifest.apiVersion() + " kind "
                    + manifest.kind() + " (schemas/SOURCES.md lists the vendored kinds)");
        }
        Schema schema = compiled.computeIfAbsent(location, uri -> registry.getSchema(SchemaLocation.of(uri)));
        return schema.validate(manifest.node()).stream()
                .map(error -> manifest.id() + ": " + error)
                .distinct()
                .toList();
    }

    public boolean knows(String apiVersion, String kind) {
        return locations.containsKey(key(apiVersion, kind));
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    private static List<Path> files(Path directory, String suffix) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return new ArrayList<>(walk.filter(path -> path.toString().endsWith(suffix)).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
