package io.laas.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.laas.ledger.event.LedgerEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The schema files of {@code docs/events} themselves (no service needed): each is a valid draft 2020-12
 * schema using only keywords of that draft (and its version annotation), named after its {@code $id} and event
 * type, versioned, with every reference resolving; they cover exactly the event types of the catalogue in
 * {@code docs/events.md} and every type the command service declares; and the consumers' changelog names
 * every current version.
 */
class EventSchemaFilesTest {

    private static final Set<String> KEYWORDS = Set.of(
            "$schema", "$id", "$ref", "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment",
            "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems", "items",
            "contains", "properties", "patternProperties", "additionalProperties", "propertyNames",
            "unevaluatedItems", "unevaluatedProperties",
            "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
            "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
            "maxProperties", "minProperties", "required", "dependentRequired",
            "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
            "format", "contentEncoding", "contentMediaType", "contentSchema");
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs", "dependentSchemas");
    private static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> SCHEMAS = Set.of("not", "if", "then", "else", "items", "contains",
            "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "propertyNames", "contentSchema");

    private final EventSchemas schemas = EventSchemas.load();

    @Test
    void everySchemaFileIsAValidDraft202012SchemaNamedAfterItsId() {
        assertTrue(schemas.files().containsKey(EventSchemas.COMMON), "docs/events has " + EventSchemas.COMMON);
        List<String> problems = new ArrayList<>();
        schemas.files().forEach((name, text) -> {
            JsonObject schema = new JsonObject(text);
            if (!EventSchemas.DRAFT_2020_12.equals(schema.getString("$schema"))) {
                problems.add(name + ": $schema is not " + EventSchemas.DRAFT_2020_12);
            }
            Object version = schema.getValue(EventSchemas.VERSION);
            if (!(version instanceof Integer number) || number < 1) {
                problems.add(name + ": " + EventSchemas.VERSION + " is not an integer from 1: " + version);
            } else if (!EventSchemas.id(name, number).equals(schema.getString("$id"))) {
                problems.add(name + ": $id is not " + EventSchemas.id(name, number));
            }
            schemas.validateAgainstMetaSchema(name).forEach(error -> problems.add(name + ": " + error));
            unknownKeywords(schema, "#", problems, name);
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyEventSchemaIsAnEnvelopeOfItsOwnTypeAndItsReferencesResolve() {
        for (String type : schemas.eventTypes()) {
            JsonObject schema = new JsonObject(schemas.files().get(type + EventSchemas.SUFFIX));
            assertEquals(EventSchemas.COMMON + "#/$defs/envelope", schema.getString("$ref"), type + " is an envelope");
            assertEquals(type, schema.getJsonObject("properties").getJsonObject("event_type").getString("const"),
                    type + " fixes its event_type");
            assertEquals(type, schema.getString("title"), type + " is titled with its event type");
            assertNotNull(schemas.schema(type), type + " loads, every $ref resolved");
        }
    }

    @Test
    void everyEventTypeOfTheCatalogueAndOfTheServiceHasASchema() throws IOException {
        String catalogue = Files.readString(EventSchemas.docs().resolve("events.md"), StandardCharsets.UTF_8);
        Set<String> documented = catalogueTypes(catalogue);
        assertTrue(documented.size() >= 11, "the catalogue's table was read: " + documented);
        assertEquals(documented, new TreeSet<>(schemas.eventTypes()),
                "docs/events.md's table of event types and the schemas in docs/events");

        for (String file : schemas.files().keySet()) {
            assertTrue(catalogue.contains("events/" + file), "docs/events.md lists events/" + file);
        }

        Set<String> declared = new TreeSet<>();
        for (Field field : LedgerEvent.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String value = (String) get(field);
                if (value.matches("[a-z]+\\.[a-z_]+")) {
                    declared.add(value);
                }
            }
        }
        assertTrue(declared.contains(LedgerEvent.TRANSACTION_POSTED), "LedgerEvent's types were read: " + declared);
        for (String type : declared) {
            assertTrue(documented.contains(type), type + " (LedgerEvent) is in the catalogue of docs/events.md");
            assertNotNull(schemas.schema(type), type + " (LedgerEvent) has a schema");
        }
    }

    @Test
    void theChangelogNamesEveryCurrentVersion() throws IOException {
        String changelog = Files.readString(EventSchemas.docs().resolve("events-changelog.md"), StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        schemas.files().forEach((name, text) -> {
            String id = new JsonObject(text).getString("$id");
            if (!changelog.contains(id)) {
                missing.add(id);
            }
        });
        assertEquals(List.of(), missing, "docs/events-changelog.md names each schema's current $id");
        assertTrue(Files.readString(EventSchemas.docs().resolve("events.md"), StandardCharsets.UTF_8)
                .contains("(events-changelog.md)"), "docs/events.md links the changelog");
    }

    /** The types in the first column of the table under "## Event types". */
    static Set<String> catalogueTypes(String markdown) {
        Set<String> types = new TreeSet<>();
        boolean inSection = false;
        Pattern row = Pattern.compile("^\\|\\s*`([a-z_]+\\.[a-z_]+)`\\s*\\|");
        for (String line : markdown.split("\n")) {
            if (line.startsWith("#")) {
                inSection = line.trim().equals("## Event types");
                continue;
            }
            Matcher matcher = row.matcher(line);
            if (inSection && matcher.find()) {
                types.add(matcher.group(1));
            }
        }
        return types;
    }

    /** Keywords that draft 2020-12 does not define: a misspelt keyword is otherwise silently ignored. */
    private static void unknownKeywords(Object node, String path, List<String> problems, String file) {
        if (!(node instanceof JsonObject schema)) {
            return;
        }
        for (Map.Entry<String, Object> entry : schema) {
            String keyword = entry.getKey();
            String at = path + "/" + keyword;
            if (!KEYWORDS.contains(keyword) && !(path.equals("#") && keyword.equals(EventSchemas.VERSION))) {
                problems.add(file + ": unknown keyword " + at);
            } else if (SCHEMA_MAPS.contains(keyword) && entry.getValue() instanceof JsonObject map) {
                map.forEach(member -> unknownKeywords(member.getValue(), at + "/" + member.getKey(), problems, file));
            } else if (SCHEMA_LISTS.contains(keyword) && entry.getValue() instanceof JsonArray list) {
                for (int i = 0; i < list.size(); i++) {
                    unknownKeywords(list.getValue(i), at + "/" + i, problems, file);
                }
            } else if (SCHEMAS.contains(keyword)) {
                unknownKeywords(entry.getValue(), at, problems, file);
            }
        }
    }

    private static Object get(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
