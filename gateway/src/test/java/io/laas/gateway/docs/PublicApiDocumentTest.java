package io.laas.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.gateway.routing.IamRelays;
import io.laas.gateway.routing.Route;
import io.laas.gateway.routing.RoutingTable;
import io.laas.web.problem.ProblemException;

/**
 * The public OpenAPI document the build merged (META-INF/resources/openapi.json) against the gateway's routes:
 * every operation is one the gateway routes, and every route of {@link RoutingTable} has its operation.
 */
class PublicApiDocumentTest {

    private static final String L = "00000000-0000-0000-0000-00000000000a";
    private static final String ID = "00000000-0000-0000-0000-00000000000b";

    /** One request for each rule of the routing table, and the gateway's own OAuth routes. */
    private static final List<String> ROUTES = List.of(
            "POST /oauth/token", "GET /.well-known/openid-configuration", "GET /.well-known/jwks.json",
            "GET /v1/ledgers", "GET /v1/ledgers/" + L, "PATCH /v1/ledgers/" + L, "POST /v1/ledgers/" + L + "/archive",
            "GET /v1/ledgers/" + L + "/accounts", "POST /v1/ledgers/" + L + "/accounts",
            "GET /v1/ledgers/" + L + "/accounts/cash", "POST /v1/ledgers/" + L + "/transactions",
            "GET /v1/ledgers/" + L + "/transactions/" + ID, "GET /v1/ledgers/" + L + "/events",
            "GET /v1/ledgers/" + L + "/verify", "GET /v1/ledgers/" + L + "/schedules",
            "GET /v1/ledgers/" + L + "/schedules/" + ID, "POST /v1/ledgers/" + L + "/schedules",
            "GET /v1/ledgers/" + L + "/webhook-endpoints", "POST /v1/ledgers/" + L + "/webhook-endpoints",
            "GET /v1/projects", "POST /v1/projects", "GET /v1/projects/" + ID, "PATCH /v1/projects/" + ID,
            "DELETE /v1/projects/" + ID, "GET /v1/projects/" + ID + "/ledgers", "POST /v1/projects/" + ID + "/ledgers",
            "GET /v1/projects/" + ID + "/api-keys", "POST /v1/projects/" + ID + "/api-keys",
            "GET /v1/projects/" + ID + "/api-keys/" + ID, "DELETE /v1/projects/" + ID + "/api-keys/" + ID,
            "POST /v1/projects/" + ID + "/api-keys/" + ID + "/rotate", "GET /v1/projects/" + ID + "/clients",
            "POST /v1/projects/" + ID + "/clients", "GET /v1/projects/" + ID + "/clients/" + ID,
            "DELETE /v1/projects/" + ID + "/clients/" + ID, "POST /v1/projects/" + ID + "/clients/" + ID + "/rotate-secret",
            "GET /v1/ops/projector/failed-events");

    private static JsonNode document;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = PublicApiDocumentTest.class.getResourceAsStream("/META-INF/resources/openapi.json")) {
            assertNotNull(in, "the build merges the public document into META-INF/resources/openapi.json");
            document = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyRelayToIamHasAnOperationWithItsAuthentication() {
        for (IamRelays.Relay relay : IamRelays.ALL) {
            JsonNode operation = operation(relay.method(), relay.path())
                    .orElseThrow(() -> new AssertionError("no operation documents " + relay));
            String security = operation.path("security").toString();
            switch (relay.authentication()) {
                case CLIENT -> assertTrue(security.contains(PublicApiDocument.CLIENT_SECRET_BASIC), relay + ": " + security);
                case SESSION -> assertTrue(security.contains(PublicApiDocument.SESSION), relay + ": " + security);
                case NONE -> assertEquals("[{}]", security, relay.toString());
            }
        }
    }

    @Test
    void everyRouteOfTheGatewayHasAnOperation() {
        for (String request : ROUTES) {
            String method = request.substring(0, request.indexOf(' '));
            String path = request.substring(request.indexOf(' ') + 1);
            if (path.startsWith("/v1/")) {
                RoutingTable.resolve(method, path, Set.of()); // throws if the table no longer routes it
            }
            assertTrue(operation(method, path).isPresent(), "no operation documents " + request);
        }
    }

    @Test
    void theGatewaysOwnInfoOperationsAreDocumentedWithoutACredential() {
        for (String path : PublicApiDocument.OWN_PATHS) {
            JsonNode operation = operation("GET", path).orElseThrow(() -> new AssertionError("no operation documents GET " + path));
            assertEquals("[{}]", operation.path("security").toString(), path);
            assertEquals("Version", operation.path("tags").get(0).asText(), path);
        }
        assertTrue(document.path("components").path("schemas").has("PlatformInfo"));
        assertTrue(document.path("components").path("schemas").path("ServiceInfo").path("properties").has("schema_version"));
    }

    @Test
    void everyOperationIsRoutedByTheGatewayWithTheScopeItDocuments() {
        forEachOperation((method, template, operation) -> {
            if (IamRelays.find(method, template).isPresent() || PublicApiDocument.OWN_PATHS.contains(template)) {
                return;
            }
            assertTrue(template.startsWith("/v1/"), method + " " + template + " is neither relayed nor routed");
            Route route;
            try {
                route = RoutingTable.resolve(method, PublicApiDocument.sample(template), Set.of());
            } catch (ProblemException e) {
                throw new AssertionError(method + " " + template + " is documented but not routed: " + e.getMessage());
            }
            JsonNode oauth2 = operation.path("security").get(0).path(PublicApiDocument.OAUTH2);
            Optional<String> documented = oauth2.isEmpty() ? Optional.empty() : Optional.of(oauth2.get(0).asText());
            assertEquals(route.requiredScope(), documented, method + " " + template);
            assertEquals(template.startsWith("/v1/ops/"), operation.path(PublicApiDocument.PLATFORM_OPERATION).asBoolean(),
                    method + " " + template + " is a platform operation exactly when it is under /v1/ops");
        });
    }

    @Test
    void operationIdsAreUniqueAndEveryErrorIsAProblemDocument() {
        Set<String> ids = new HashSet<>();
        forEachOperation((method, template, operation) -> {
            assertTrue(ids.add(operation.path("operationId").asText()), "duplicate operationId of " + method + " " + template);
            assertFalse(operation.path("summary").asText().isBlank(), method + " " + template);
            assertTrue(operation.path("responses").fieldNames().hasNext());
            boolean anError = false;
            for (var response = operation.path("responses").fields(); response.hasNext();) {
                var entry = response.next();
                if (entry.getKey().matches("[45]..")) {
                    anError = true;
                    String ref = entry.getValue().path("content").elements().next().path("schema").path("$ref").asText();
                    boolean oauth = IamRelays.find(method, template)
                            .filter(r -> r.authentication() == IamRelays.Authentication.CLIENT).isPresent();
                    String expected = oauth && !entry.getKey().equals("429")
                            && !entry.getKey().equals("502") ? "#/components/schemas/OAuthError" : "#/components/schemas/Problem";
                    assertEquals(expected, ref, method + " " + template + " " + entry.getKey());
                }
            }
            assertTrue(anError, method + " " + template + " documents no error");
        });
    }

    @Test
    void serversSecuritySchemesAndNoCatchAllPaths() {
        assertFalse(document.path("servers").isEmpty());
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertEquals("/oauth/token", schemes.path("oauth2").path("flows").path("clientCredentials").path("tokenUrl").asText());
        assertEquals("bearer", schemes.path("apiKey").path("scheme").asText());
        assertTrue(document.path("components").path("schemas").has("Problem"));
        document.path("paths").fieldNames().forEachRemaining(path -> {
            assertFalse(path.contains("*") || path.contains("{path}") || path.startsWith("/q/"), path);
        });
    }

    private Optional<JsonNode> operation(String method, String path) {
        List<JsonNode> found = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(item -> {
            String pattern = item.getKey().replaceAll("\\{[^}/]+}", "[^/]+");
            if (path.matches(pattern) && item.getValue().has(method.toLowerCase())) {
                found.add(item.getValue().get(method.toLowerCase()));
            }
        });
        if (found.size() > 1) {
            fail(found.size() + " operations match " + method + " " + path);
        }
        return found.stream().findFirst();
    }

    private interface OperationCheck {
        void check(String method, String template, JsonNode operation);
    }

    private static void forEachOperation(OperationCheck check) {
        assertFalse(document.path("paths").isEmpty());
        document.path("paths").fields().forEachRemaining(item -> item.getValue().fields().forEachRemaining(op -> {
            if (!op.getKey().equals("parameters")) {
                check.check(op.getKey().toUpperCase(), item.getKey(), op.getValue());
            }
        }));
    }
}
