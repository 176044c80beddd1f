package io.laas.k8s.validation;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a Kubernetes structural schema (OpenAPI v3) into the JSON schema a strict validator means:
 * <ul>
 *   <li>an object that declares {@code properties} and no {@code additionalProperties} is closed
 *       ({@code additionalProperties: false}), unless {@code x-kubernetes-preserve-unknown-fields: true}: the API
 *       server prunes (or, with field validation, rejects) unknown fields, so a misspelt field is an error here;</li>
 *   <li>{@code x-kubernetes-int-or-string: true} admits an integer or a string;</li>
 *   <li>{@code nullable: true} admits null.</li>
 * </ul>
 * Walks the schema keywords only (properties, items, additionalProperties), so a field that happens to be called
 * "properties" is not mistaken for a keyword. The branches of allOf/anyOf/oneOf/not are left open: in a structural
 * schema they only constrain the fields their parent declares (often by listing some of them as required), so closing
 * them would reject every other field.
 */
final class StrictSchemas {

    private StrictSchemas() {
    }

    static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode node)) {
            return;
        }
        boolean preserveUnknown = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (node.has("properties") && !node.has("additionalProperties") && !preserveUnknown) {
            node.put("additionalProperties", false);
        }
        if (node.path("x-kubernetes-int-or-string").asBoolean(false) && !node.has("anyOf") && !node.has("oneOf")) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode().add("integer").add("string");
            node.set("type", types);
        }
        if (node.path("nullable").asBoolean(false) && node.path("type").isString()) {
            node.set("type", JsonNodeFactory.instance.arrayNode().add(node.path("type").asString()).add("null"));
        }
        for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
            close(property.getValue());
        }
        close(node.path("items"));
        close(node.path("additionalProperties"));
    }
}
