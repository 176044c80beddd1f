package io.laas.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The Debezium part of the Kubernetes manifests ({@code deploy/k8s/components/debezium}) as configuration: the
 * {@code KafkaConnector}'s connector properties, the {@code KafkaConnect}'s worker properties (converters,
 * producer settings) and the {@code Publication}. Only the address, credentials and TLS of PostgreSQL are replaced
 * for a local run; everything else is taken as written.
 */
final class ConnectorManifests {

    /** The connection settings a local run replaces: each must be in the manifest, or the manifest changed shape. */
    private static final List<String> CONNECTION_KEYS = List.of("database.hostname", "database.port", "database.user",
            "database.password", "database.sslmode", "database.sslrootcert");

    private final JsonNode connector;
    private final JsonNode connect;
    private final JsonNode publication;

    private ConnectorManifests(JsonNode connector, JsonNode connect, JsonNode publication) {
        this.connector = connector;
        this.connect = connect;
        this.publication = publication;
    }

    static ConnectorManifests read(Path repoRoot) {
        Path component = repoRoot.resolve("deploy/k8s/components/debezium");
        return new ConnectorManifests(yaml(component.resolve("kafka-connector.yaml")),
                yaml(component.resolve("kafka-connect.yaml")), yaml(component.resolve("publication.yaml")));
    }

    /** The connector's properties as Kafka Connect gets them from the {@code KafkaConnector}. */
    Map<String, String> connectorConfig() {
        Map<String, String> config = strings(connector.path("spec").path("config"));
        config.put("connector.class", connector.path("spec").path("class").asText());
        config.put("tasks.max", connector.path("spec").path("tasksMax").asText());
        return config;
    }

    /** {@link #connectorConfig()} pointed at a local PostgreSQL without TLS. */
    Map<String, String> localConnectorConfig(String host, int port, String user, String password) {
        Map<String, String> config = connectorConfig();
        for (String key : CONNECTION_KEYS) {
            if (!config.containsKey(key)) {
                throw new IllegalStateException("The KafkaConnector has no " + key);
            }
        }
        config.put("database.hostname", host);
        config.put("database.port", String.valueOf(port));
        config.put("database.user", user);
        config.put("database.password", password);
        config.put("database.sslmode", "disable");
        config.remove("database.sslrootcert");
        return config;
    }

    /** The Kafka Connect worker's properties ({@code KafkaConnect} {@code spec.config}). */
    Map<String, String> workerConfig() {
        return strings(connect.path("spec").path("config"));
    }

    /** The worker properties that start with {@code prefix}, without it (e.g. {@code producer.}). */
    Map<String, String> workerConfig(String prefix) {
        Map<String, String> config = new LinkedHashMap<>();
        workerConfig().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                config.put(key.substring(prefix.length()), value);
            }
        });
        return config;
    }

    String publicationName() {
        return publication.path("spec").path("name").asText();
    }

    /** The publication's {@code WITH} parameters, e.g. {@code publish}. */
    Map<String, String> publicationParameters() {
        return strings(publication.path("spec").path("parameters"));
    }

    /** The publication's tables, as {@code schema.name}. */
    List<String> publicationTables() {
        List<String> tables = new ArrayList<>();
        for (JsonNode object : publication.path("spec").path("target").path("objects")) {
            JsonNode table = object.path("table");
            tables.add(table.path("schema").asText() + "." + table.path("name").asText());
        }
        return tables;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }

    private static JsonNode yaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
