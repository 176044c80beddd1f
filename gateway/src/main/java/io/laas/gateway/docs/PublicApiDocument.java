package io.laas.gateway.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.laas.gateway.routing.IamRelays;
import io.laas.gateway.routing.Route;
import io.laas.gateway.routing.RoutingTable;
import io.laas.gateway.routing.Upstream;
import io.laas.web.problem.Problem;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.Scopes;

/**
 * Builds the one public OpenAPI document of the API at build time, from the documents the services store
 * when they are built ({@code quarkus.smallrye-openapi.store-schema-directory}): an operation is public when
 * the gateway routes its method and path to that very service and path ({@link RoutingTable}), or when it is
 * one of IAM's routes the gateway relays as they are ({@link IamRelays}: OAuth2, sign-up, sessions). The
 * security of each operation is the scope the routing table asks for; every 4xx/5xx answer is a problem
 * document ({@link Problem}), except the token endpoint's, which are RFC 6749 errors.
 * <p>
 * Run by the gateway's build: {@code PublicApiDocument <repository root> <output file> <version>}.
 */
public final class PublicApiDocument {

    static final String OAUTH2 = "oauth2";
    static final String API_KEY = "apiKey";
    static final String CLIENT_SECRET_BASIC = "clientSecretBasic";
    static final String SESSION = "session";
    static final String PLATFORM_OPERATION = "x-platform-operation";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAMETER = Pattern.compile("\\{[^}/]+}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Tags of the document, in the order people read them; a service's class-named tags get these names. */
    private static final Map<String, String> TAGS = new LinkedHashMap<>();
    private static final Map<String, String> TAG_NAMES = Map.of("Account Resource", "Accounts", "Asset Resource", "Assets",
            "Transaction Resource", "Transactions", "Event Resource", "Events", "Schedule Resource", "Schedules",
            "Verification Resource", "Verification");

    static {
        TAGS.put("OAuth2", "Access tokens (client credentials) and the authorisation server's metadata and keys");
        TAGS.put("Ledgers", "The ledgers of the organisation: list, read, rename, archive");
        TAGS.put("Accounts", "A ledger's accounts, their balances, postings and statements");
        TAGS.put("Assets", "The currencies and custom assets a ledger accepts");
        TAGS.put("Transactions", "Post, hold, post a hold, void and reverse transactions; read them back");
        TAGS.put("Schedules", "Recurring transactions");
        TAGS.put("Reports", "Trial balance, balance sheet and income statement");
        TAGS.put("Events", "A ledger's history, event by event");
        TAGS.put("Verification", "Check a ledger's hash chain");
        TAGS.put("Projection", "How far the read side has caught up with a ledger");
        TAGS.put("Overview", "A ledger at a glance: its accounts and what it posted lately");
        TAGS.put("Webhook endpoints", "Endpoints that receive a ledger's events, and their delivery attempts");
        TAGS.put("Projects", "The organisation's projects and the ledgers they hold");
        TAGS.put("API keys", "A project's API keys: create, list, rotate, revoke");
        TAGS.put("OAuth2 clients", "A project's OAuth2 clients: create, list, rotate the secret, delete");
        TAGS.put("People", "Sign-up, console sessions, members and invitations of the organisation");
        TAGS.put("Operations", "Platform operations (ops:admin, only clients of the operator's organisation)");
        TAGS.put("Version", "Which build each service runs (no credential)");
    }

    /** The services behind the gateway, each with the folder it is built in. */
    private static final Map<Upstream, String> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put(Upstream.IAM, "iam-service");
        SERVICES.put(Upstream.COMMAND, "ledger-command-service");
        SERVICES.put(Upstream.PROJECTOR, "projector-service");
        SERVICES.put(Upstream.WEBHOOK, "webhook-service");
    }

    private PublicApiDocument() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: PublicApiDocument <repository root> <output file> <version>");
        }
        Path root = Path.of(args[0]);
        Map<Upstream, JsonNode> documents = new LinkedHashMap<>();
        for (Map.Entry<Upstream, String> service : SERVICES.entrySet()) {
            Path stored = root.resolve(service.getValue()).resolve("target/openapi/openapi.json");
            if (!Files.exists(stored)) {
                throw new IOException(stored + " is missing: the services store their OpenAPI documents when they are "
                        + "built; build them before the gateway (./mvnw install -DskipTests)");
            }
            documents.put(service.getKey(), JSON.readTree(stored.toFile()));
        }
        Path output = Path.of(args[1]);
        Files.createDirectories(output.getParent());
        JSON.writeValue(output.toFile(), merge(documents, args[2]));
    }

    static ObjectNode merge(Map<Upstream, JsonNode> documents, String version) {
        ObjectNode merged = JSON.createObjectNode();
        merged.put("openapi", "3.1.0");
        merged.set("info", info(version));
        ArrayNode servers = merged.putArray("servers");
        // relative: the gateway that serves this document (http://localhost:8080 for deploy/local/up)
        servers.addObject().put("url", "/").put("description", "This gateway");
        Map<String, ObjectNode> paths = new TreeMap<>();
        ObjectNode schemas = JSON.createObjectNode();
        Set<String> tags = new LinkedHashSet<>(TAGS.keySet());
        Set<String> operationIds = new TreeSet<>();
        for (Map.Entry<Upstream, JsonNode> entry : documents.entrySet()) {
            Upstream upstream = entry.getKey();
            JsonNode document = entry.getValue();
            Map<String, String> renamed = mergeSchemas(document.path("components").path("schemas"), schemas, upstream);
            document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                String method = op.getKey();
                if (!METHODS.contains(method)) {
                    return;
                }
                Optional<Optional<String>> access = publicAccess(upstream, method, path.getKey());
                if (access.isEmpty()) {
                    return;
                }
                ObjectNode operation = (ObjectNode) renameRefs(op.getValue().deepCopy(), renamed);
                complete(operation, upstream, method, path.getKey(), access.get());
                String operationId = operation.path("operationId").asText();
                if (!operationIds.add(operationId)) {
                    throw new IllegalStateException("Two public operations are named " + operationId);
                }
                ArrayNode operationTags = JSON.createArrayNode();
                operation.path("tags").forEach(tag -> operationTags.add(TAG_NAMES.getOrDefault(tag.asText(), tag.asText())));
                operation.set("tags", operationTags);
                operationTags.forEach(tag -> tags.add(tag.asText()));
                ObjectNode item = paths.computeIfAbsent(path.getKey(), p -> JSON.createObjectNode());
                if (item.has(method)) {
                    throw new IllegalStateException("Two services document " + method.toUpperCase() + " " + path.getKey());
                }
                JsonNode shared = path.getValue().get("parameters");
                if (shared != null && !item.has("parameters")) {
                    item.set("parameters", renameRefs(shared.deepCopy(), renamed));
                }
                item.set(method, operation);
            }));
        }
        addOwnOperations(paths, schemas);
        ArrayNode tagList = merged.putArray("tags");
        Set<String> used = new TreeSet<>();
        paths.values().forEach(item -> item.forEach(operation -> operation.path("tags")
                .forEach(tag -> used.add(tag.asText()))));
        tags.stream().filter(used::contains).forEach(tag -> {
            ObjectNode node = tagList.addObject().put("name", tag);
            if (TAGS.containsKey(tag)) {
                node.put("description", TAGS.get(tag));
            }
        });
        ObjectNode pathsNode = merged.putObject("paths");
        paths.forEach(pathsNode::set);
        ObjectNode components = merged.putObject("components");
        schemas.set("Problem", problemSchema());
        schemas.set("OAuthError", oauthErrorSchema());
        ObjectNode sortedSchemas = components.putObject("schemas");
        new TreeMap<String, JsonNode>(toMap(schemas)).forEach(sortedSchemas::set);
        components.set("securitySchemes", securitySchemes());
        return merged;
    }

    /**
     * Whether the gateway serves {@code method path} of this service to the public: empty if not, else the scope
     * it asks for (none for IAM's OAuth endpoints).
     */
    static Optional<Optional<String>> publicAccess(Upstream upstream, String method, String path) {
        if (upstream == Upstream.IAM && IamRelays.find(method, path).isPresent()) {
            return Optional.of(Optional.empty());
        }
        if (!path.startsWith("/v1/")) {
            return Optional.empty();
        }
        String concrete = sample(path);
        try {
            Route route = RoutingTable.resolve(method.toUpperCase(), concrete, Set.of());
            if (route.upstream() != upstream || !route.path().equals(concrete)) {
                return Optional.empty();
            }
            return Optional.of(route.requiredScope());
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }

    /** The path with a value in every parameter (a UUID fits every one of them). */
    static String sample(String template) {
        Matcher matcher = PARAMETER.matcher(template);
        StringBuilder concrete = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(concrete, UUID.nameUUIDFromBytes(matcher.group().getBytes()).toString());
        }
        matcher.appendTail(concrete);
        return concrete.toString();
    }

    private static void complete(ObjectNode operation, Upstream upstream, String method, String path,
            Optional<String> scope) {
        if (!operation.hasNonNull("operationId")) {
            operation.put("operationId", operationId(method, path));
        }
        if (!operation.hasNonNull("summary")) {
            operation.put("summary", operation.path("operationId").asText());
        }
        Optional<IamRelays.Authentication> relayed = IamRelays.find(method, path).map(IamRelays.Relay::authentication);
        boolean tokenEndpoint = relayed.filter(IamRelays.Authentication.CLIENT::equals).isPresent();
        ArrayNode security = operation.putArray("security");
        if (tokenEndpoint) {
            security.addObject().putArray(CLIENT_SECRET_BASIC);
            // client_secret_post: the credentials are in the form itself
            security.addObject();
        } else if (relayed.filter(IamRelays.Authentication.SESSION::equals).isPresent()) {
            security.addObject().putArray(SESSION);
        } else if (relayed.isPresent()) {
            security.addObject();
        } else if (path.startsWith("/v1/")) {
            ArrayNode scopes = security.addObject().putArray(OAUTH2);
            scope.ifPresent(scopes::add);
            security.addObject().putArray(API_KEY);
        }
        if (scope.filter(Scopes.OPS_ADMIN::equals).isPresent()) {
            operation.put(PLATFORM_OPERATION, true);
        }
        ObjectNode responses = operation.has("responses") ? (ObjectNode) operation.get("responses")
                : operation.putObject("responses");
        if (tokenEndpoint) {
            addResponse(responses, "400", "Invalid request, grant or scope");
            addResponse(responses, "401", "Invalid client credentials");
        } else if (path.startsWith("/.well-known/")) {
            addResponse(responses, "404", "No such document");
        } else if (relayed.isPresent()) {
            addResponse(responses, "400", "Invalid request");
        } else {
            addResponse(responses, "401", "No valid access token or API key");
            addResponse(responses, "403", "The credential lacks the scope or the ledger");
            if (PARAMETER.matcher(path).find()) {
                addResponse(responses, "404", "No such resource for this credential");
            }
            addResponse(responses, "429", "Too many requests: wait for Retry-After seconds");
        }
        addResponse(responses, "502", "The service behind the gateway did not answer");
        String errorSchema = tokenEndpoint ? "OAuthError" : "Problem";
        String errorType = tokenEndpoint ? "application/json" : Problem.MEDIA_TYPE;
        responses.fields().forEachRemaining(response -> {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                ObjectNode answer = (ObjectNode) response.getValue();
                if (!answer.hasNonNull("description")) {
                    answer.put("description", "Error");
                }
                boolean gatewayError = response.getKey().equals("429") || response.getKey().equals("502");
                ObjectNode content = answer.putObject("content");
                content.putObject(gatewayError ? Problem.MEDIA_TYPE : errorType).putObject("schema")
                        .put("$ref", "#/components/schemas/" + (gatewayError ? "Problem" : errorSchema));
            }
        });
    }

    private static void addResponse(ObjectNode responses, String status, String description) {
        if (!responses.has(status)) {
            responses.putObject(status).put("description", description);
        }
    }

    /** {@code GET /v1/ledgers/{ledger_id}/accounts} → {@code getLedgersAccounts}, from the fixed segments. */
    static String operationId(String method, String path) {
        StringBuilder id = new StringBuilder(method);
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.startsWith("{") || segment.equals("v1")) {
                continue;
            }
            for (String word : segment.split("[^A-Za-z0-9]+")) {
                if (!word.isEmpty()) {
                    id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
            }
        }
        if (path.endsWith("}")) {
            id.append("ById");
        }
        return id.toString();
    }

    /**
     * Adds a service's schemas to the merged ones; a name already taken by a different schema is prefixed with the
     * service's name. Returns the renames, to apply to the service's references.
     */
    private static Map<String, String> mergeSchemas(JsonNode source, ObjectNode target, Upstream upstream) {
        Map<String, String> renamed = new LinkedHashMap<>();
        Iterator<String> names = source.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode existing = target.get(name);
            if (existing != null && !existing.equals(source.get(name))) {
                String label = upstream.label();
                renamed.put(name, Character.toUpperCase(label.charAt(0)) + label.substring(1) + name);
            }
        }
        source.fields().forEachRemaining(schema -> target.set(renamed.getOrDefault(schema.getKey(), schema.getKey()),
                renameRefs(schema.getValue().deepCopy(), renamed)));
        return renamed;
    }

    private static JsonNode renameRefs(JsonNode node, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return node;
        }
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/components/schemas/")) {
                String name = ref.asText().substring("#/components/schemas/".length());
                if (renamed.containsKey(name)) {
                    object.put("$ref", "#/components/schemas/" + renamed.get(name));
                }
            }
            List<String> fields = new ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            fields.forEach(field -> renameRefs(object.get(field), renamed));
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> renameRefs(element, renamed));
        }
        return node;
    }

    private static Map<String, JsonNode> toMap(ObjectNode node) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue()));
        return map;
    }

    private static ObjectNode info(String version) {
        ObjectNode info = JSON.createObjectNode();
        info.put("title", "LaaS API");
        info.put("version", version);
        info.put("description", """
                Ledger-as-a-Service: double-entry ledgers, their accounts, transactions and webhooks, and the \
                administration of an organisation's projects, ledgers, API keys and OAuth2 clients, all through one \
                gateway. Authenticate with an OAuth2 access token (client credentials at /oauth/token) or an API key \
                sent as `Authorization: Bearer sk_…`. Every error is an RFC 9457 problem document \
                (`application/problem+json`) with a stable `code`, except the token endpoint's, which are RFC 6749 \
                errors. Guide: docs/api.md.""");
        return info;
    }

    private static ObjectNode securitySchemes() {
        ObjectNode schemes = JSON.createObjectNode();
        ObjectNode oauth2 = schemes.putObject(OAUTH2);
        oauth2.put("type", "oauth2");
        oauth2.put("description", "An access token (RS256 JWT) from the token endpoint, sent as "
                + "`Authorization: Bearer <token>`.");
        ObjectNode scopes = oauth2.putObject("flows").putObject("clientCredentials")
                .put("tokenUrl", "/oauth/token").putObject("scopes");
        scopes.put(Scopes.LEDGER_READ, "Read a ledger's accounts, transactions, events and reports");
        scopes.put(Scopes.LEDGER_WRITE, "Post transactions, holds, accounts and schedules");
        scopes.put(Scopes.WEBHOOKS_READ, "Read webhook endpoints and deliveries");
        scopes.put(Scopes.WEBHOOKS_WRITE, "Manage webhook endpoints and re-drive deliveries");
        scopes.put(Scopes.IAM_ADMIN, "Administer the organisation's projects, ledgers, API keys and OAuth2 clients");
        scopes.put(Scopes.OPS_ADMIN, "Platform operations (only clients of the operator's organisation)");
        ObjectNode apiKey = schemes.putObject(API_KEY);
        apiKey.put("type", "http");
        apiKey.put("scheme", "bearer");
        apiKey.put("bearerFormat", "sk_live_… or sk_test_…");
        apiKey.put("description", "An API key sent as `Authorization: Bearer sk_…`; the gateway exchanges it for an "
                + "access token with the key's scopes and ledgers.");
        ObjectNode basic = schemes.putObject(CLIENT_SECRET_BASIC);
        basic.put("type", "http");
        basic.put("scheme", "basic");
        basic.put("description", "OAuth2 client id and secret (client_secret_basic).");
        ObjectNode session = schemes.putObject(SESSION);
        session.put("type", "apiKey");
        session.put("in", "cookie");
        session.put("name", "__Host-laas_session");
        session.put("description", "The console's session cookie, set by POST /v1/sessions (HttpOnly; Secure; "
                + "SameSite=Strict). A POST, PUT, PATCH or DELETE made with it also sends X-CSRF-Token.");
        return schemes;
    }

    /** The gateway's own public operations, which no service documents at these paths: versions, without a credential. */
    public static final List<String> OWN_PATHS = List.of("/_info", "/v1/_info", "/api/ledger/_info", "/api/auth/_info");

    private static void addOwnOperations(Map<String, ObjectNode> paths, ObjectNode schemas) {
        schemas.set("ServiceInfo", serviceInfoSchema());
        schemas.set("PlatformInfo", platformInfoSchema());
        own(paths, "/_info", "getInfo", "The gateway's build: name, version, git commit, build time (no schema)",
                "ServiceInfo", Map.of("500", "Unexpected failure"));
        own(paths, "/v1/_info", "getPlatformInfo", "The gateway and each service behind it: its build, or why it is down"
                + " (always 200)", "PlatformInfo", Map.of("500", "Unexpected failure"));
        Map<String, String> relayed = new TreeMap<>(Map.of("502", "The service could not be reached",
                "503", "The service cannot read its schema version (SCHEMA_VERSION_UNAVAILABLE)",
                "504", "The service did not answer in time"));
        own(paths, "/api/ledger/_info", "getLedgerInfo", "The ledger's (command service's) build and schema version",
                "ServiceInfo", relayed);
        own(paths, "/api/auth/_info", "getAuthInfo", "The authorisation server's (IAM's) build and schema version",
                "ServiceInfo", relayed);
    }

    private static void own(Map<String, ObjectNode> paths, String path, String operationId, String summary, String schema,
            Map<String, String> errors) {
        if (paths.containsKey(path)) {
            throw new IllegalStateException("A service documents " + path + ", which the gateway answers itself");
        }
        ObjectNode operation = paths.computeIfAbsent(path, p -> JSON.createObjectNode()).putObject("get");
        operation.put("operationId", operationId);
        operation.put("summary", summary);
        operation.putArray("tags").add("Version");
        operation.putArray("security").addObject();
        ObjectNode responses = operation.putObject("responses");
        responses.putObject("200").put("description", "OK").putObject("content").putObject("application/json")
                .putObject("schema").put("$ref", "#/components/schemas/" + schema);
        new TreeMap<>(errors).forEach((status, description) -> responses.putObject(status).put("description", description)
                .putObject("content").putObject(Problem.MEDIA_TYPE).putObject("schema")
                .put("$ref", "#/components/schemas/Problem"));
    }

    private static ObjectNode serviceInfoSchema() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        schema.put("description", "A service's build and the latest migration applied to its schema");
        schema.putArray("required").add("name").add("version").add("commit").add("build_time").add("schema_version");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("name").put("type", "string").put("description", "e.g. ledger-command-service");
        properties.putObject("version").put("type", "string").put("description", "The Maven project version");
        properties.putObject("commit").put("type", "string").put("description", "The git commit built, or unknown");
        properties.putObject("build_time").put("type", "string").put("description", "UTC, or unknown");
        ObjectNode schemaVersion = properties.putObject("schema_version");
        schemaVersion.putArray("type").add("string").add("null");
        schemaVersion.put("description", "The latest Flyway migration applied to the service's schema; null for the gateway");
        return schema;
    }

    private static ObjectNode platformInfoSchema() {
        ObjectNode status = JSON.createObjectNode();
        status.put("type", "object");
        status.putArray("required").add("status");
        ObjectNode statusProperties = status.putObject("properties");
        statusProperties.putObject("status").put("type", "string").putArray("enum").add("up").add("down");
        statusProperties.putObject("latency_ms").put("type", "integer");
        statusProperties.putObject("info").put("$ref", "#/components/schemas/ServiceInfo");
        statusProperties.putObject("error").put("type", "string")
                .put("description", "UPSTREAM_UNAVAILABLE, UPSTREAM_TIMEOUT, or the code the service answered");
        statusProperties.putObject("http_status").put("type", "integer");
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        schema.putArray("required").add("status").add("services");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("status").put("type", "string").putArray("enum").add("up").add("degraded");
        ObjectNode services = properties.putObject("services");
        services.put("type", "object").put("description", "gateway, iam, command, projector, webhook");
        services.set("additionalProperties", status);
        return schema;
    }

    private static ObjectNode problemSchema() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        schema.put("description", "RFC 9457 problem document; further members carry details of some codes.");
        schema.putArray("required").add("type").add("title").add("status").add("code");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("type").put("type", "string").put("format", "uri")
                .put("description", Problem.TYPE_BASE + "<code in kebab case>");
        properties.putObject("title").put("type", "string");
        properties.putObject("status").put("type", "integer");
        properties.putObject("detail").put("type", "string");
        properties.putObject("instance").put("type", "string");
        properties.putObject("code").put("type", "string").put("description", "Stable error code, e.g. NOT_FOUND");
        properties.putObject(Problem.RETRY_AFTER).put("type", "integer")
                .put("description", "Seconds to wait (also the Retry-After header), on 429 and 503");
        schema.put("additionalProperties", true);
        return schema;
    }

    private static ObjectNode oauthErrorSchema() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        schema.put("description", "RFC 6749 §5.2 error");
        schema.putArray("required").add("error");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("error").put("type", "string").put("description", "e.g. invalid_client, invalid_scope");
        properties.putObject("error_description").put("type", "string");
        return schema;
    }
}
