package io.laas.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

/** Checks the operational events the service emits against their schemas in docs/events/operational. */
final class OperationalEventSchemas {

    private static final String BASE = "https://laas.dev/schemas/events/v1/";

    private OperationalEventSchemas() {
    }

    /** What is wrong with an envelope of {@code type} by its schema (formats asserted); empty when valid. */
    static List<String> errors(String type, String envelope) {
        try {
            Path events = Path.of("").toAbsolutePath();
            while (!Files.isRegularFile(events.resolve("docs/events/common.schema.json"))) {
                events = events.getParent();
            }
            events = events.resolve("docs/events");
            String schema = "operational/" + type + ".schema.json";
            Map<String, String> byId = Map.of(
                    BASE + "common.schema.json", Files.readString(events.resolve("common.schema.json")),
                    BASE + schema, Files.readString(events.resolve(schema)));
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    builder -> builder.schemas(byId)
                            .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
            return registry.getSchema(SchemaLocation.of(BASE + schema)).validate(envelope, InputFormat.JSON)
                    .stream().map(Object::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
