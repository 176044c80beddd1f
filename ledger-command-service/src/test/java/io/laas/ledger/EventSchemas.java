package io.laas.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The JSON Schemas of the ledger events ({@code docs/events/<event_type>.schema.json}, normative), read from
 * the repository, and a validator of envelopes against the schema their {@code event_type} names. Each schema
 * carries its version ({@code x-version}, and in its {@code $id}: {@code https://laas.dev/schemas/events/v<n>/…});
 * they refer to each other relative to their {@code $id}; here every {@code $id} is served from the files, so
 * nothing is fetched. Format assertions ({@code uuid},
 * {@code date-time}) are switched on, as a strict consumer would.
 */
public final class EventSchemas {

    public static final String BASE_ID = "https://laas.dev/schemas/events/";
    public static final String COMMON = "common.schema.json";
    public static final String SUFFIX = ".schema.json";
    public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    /** The annotation that carries a schema's version (an integer from 1), the same as in its {@code $id}. */
    public static final String VERSION = "x-version";

    private final Path directory;
    private final Map<String, String> files;
    private final Map<String, String> ids = new TreeMap<>();
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private EventSchemas(Path directory, Map<String, String> files) {
        this.directory = directory;
        this.files = files;
        Map<String, String> byId = new TreeMap<>();
        files.forEach((name, text) -> {
            String id = new JsonObject(text).getString("$id");
            ids.put(name, id);
            byId.put(id, text);
        });
        // Draft 2020-12 that knows the version annotation, which it would otherwise report as an unknown keyword.
        Dialect dialect = Dialect.builder(Dialects.getDraft202012()).keyword(new AnnotationKeyword(VERSION)).build();
        this.registry = SchemaRegistry.withDefaultDialect(dialect, builder -> builder
                .schemas(byId)
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** Every {@code *.schema.json} of the repository's {@code docs/events}. */
    public static EventSchemas load() {
        Path directory = docs().resolve("events");
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(directory)) {
            for (Path file : listing.filter(path -> path.getFileName().toString().endsWith(SUFFIX)).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EventSchemas(directory, files);
    }

    /** The repository's {@code docs} folder, found from the working directory (the module's, under Maven). */
    public static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/events").resolve(COMMON))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("No docs/events/" + COMMON + " above " + Path.of("").toAbsolutePath());
    }

    public Path directory() {
        return directory;
    }

    /** File name to text, every schema file including {@code common.schema.json}. */
    public Map<String, String> files() {
        return files;
    }

    /** The {@code $id} a schema of this file and version must have. */
    public static String id(String fileName, int version) {
        return BASE_ID + "v" + version + "/" + fileName;
    }

    /** The event types that have a schema: the files other than the common definitions, less the suffix. */
    public List<String> eventTypes() {
        return files.keySet().stream().filter(name -> !name.equals(COMMON))
                .map(name -> name.substring(0, name.length() - SUFFIX.length())).toList();
    }

    /** The schema of one event type, its references resolved; {@code null} when the type has none. */
    public Schema schema(String eventType) {
        String file = eventType + SUFFIX;
        if (!files.containsKey(file) || COMMON.equals(file)) {
            return null;
        }
        return schemas.computeIfAbsent(eventType, type -> {
            Schema schema = registry.getSchema(SchemaLocation.of(ids.get(file)));
            schema.initializeValidators();
            return schema;
        });
    }

    /** What is wrong with an envelope, judged by the schema its {@code event_type} names; empty when it is valid. */
    public List<String> validate(String envelopeJson) {
        String type;
        try {
            Object value = new JsonObject(envelopeJson).getValue("event_type");
            if (!(value instanceof String text)) {
                return List.of("event_type is not a string: " + value);
            }
            type = text;
        } catch (DecodeException | ClassCastException e) {
            return List.of("not a JSON object: " + e.getMessage());
        }
        return validate(type, envelopeJson);
    }

    /** What is wrong with {@code json} as an event of {@code eventType}; empty when it is valid. */
    public List<String> validate(String eventType, String json) {
        Schema schema = schema(eventType);
        if (schema == null) {
            return List.of("no schema for event_type " + eventType + " in " + directory);
        }
        return messages(schema.validate(json, InputFormat.JSON));
    }

    /** What is wrong with a schema file as a draft 2020-12 schema, by the meta-schema; empty when it is valid. */
    public List<String> validateAgainstMetaSchema(String fileName) {
        Schema meta = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));
        return messages(meta.validate(files.get(fileName), InputFormat.JSON));
    }

    private static List<String> messages(List<com.networknt.schema.Error> errors) {
        List<String> messages = new ArrayList<>(errors.size());
        errors.forEach(error -> messages.add(error.toString()));
        return messages;
    }
}
