package io.laas.gateway.support;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.laas.local.testing.TestTokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts stand-ins for IAM and the three downstream services on loopback and points the gateway at them.
 * The fake IAM serves discovery (issuer = {@link TestTokens#ISSUER}; its jwks_uri names the public issuer,
 * which does not resolve, exactly as IAM advertises the gateway's public URL), the test JWKS, and a token
 * endpoint that accepts every API key starting with {@link #VALID_API_KEY_PREFIX}.
 */
public class Fakes implements QuarkusTestResourceLifecycleManager {

    /** The ledger granted to every token the fake IAM issues for an API key. */
    public static final UUID API_KEY_LEDGER = UUID.fromString("00000000-0000-0000-0000-0000000a0005");
    public static final String VALID_API_KEY_PREFIX = "sk_test_valid";
    /** A kid the fake IAM publishes only after {@code POST /__fake/rotate-keys} (same key pair). */
    public static final String ROTATED_KEY_ID = "laas-rotated";

    private static final java.util.concurrent.atomic.AtomicBoolean ROTATED = new java.util.concurrent.atomic.AtomicBoolean();

    private FakeService iam;
    private FakeService command;
    private FakeService projector;
    private FakeService webhook;

    @Override
    public Map<String, String> start() {
        try {
            iam = new FakeService("iam", Fakes::iam);
            command = FakeService.downstream("command");
            projector = FakeService.downstream("projector");
            webhook = FakeService.downstream("webhook");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("laas.iam.url", iam.url());
        config.put("laas.gateway.iam-url", iam.url());
        config.put("laas.gateway.command-url", command.url());
        config.put("laas.gateway.projector-url", projector.url());
        config.put("laas.gateway.webhook-url", webhook.url());
        return config;
    }

    @Override
    public void stop() {
        for (FakeService service : new FakeService[] { iam, command, projector, webhook }) {
            if (service != null) {
                service.stop();
            }
        }
    }

    /** A fresh API key the fake IAM accepts. */
    public static String newValidApiKey() {
        return VALID_API_KEY_PREFIX + UUID.randomUUID().toString().replace("-", "");
    }

    /** A fake IAM on the given port (0 = any). */
    public static FakeService startIam(int port) throws IOException {
        return new FakeService("iam", port, Fakes::iam);
    }

    private static void iam(com.sun.net.httpserver.HttpExchange exchange, Map<String, Object> request) throws IOException {
        String path = (String) request.get("path");
        String method = (String) request.get("method");
        switch (method + " " + path) {
            case "GET /.well-known/openid-configuration" -> FakeService.respond(exchange, 200, "application/json",
                    "{\"issuer\":\"" + TestTokens.ISSUER + "\","
                            + "\"token_endpoint\":\"" + TestTokens.ISSUER + "/oauth/token\","
                            + "\"jwks_uri\":\"" + TestTokens.ISSUER + "/.well-known/jwks.json\","
                            + "\"grant_types_supported\":[\"client_credentials\"],"
                            + "\"response_types_supported\":[\"token\"],"
                            + "\"subject_types_supported\":[\"public\"],"
                            + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
            case "GET /.well-known/jwks.json" -> FakeService.respond(exchange, 200, "application/json", jwks());
            case "POST /__fake/rotate-keys" -> {
                ROTATED.set(true);
                FakeService.respond(exchange, 204, null, "");
            }
            case "POST /oauth/token" -> token(exchange, request);
            case "POST /v1/sessions" -> login(exchange, request);
            case "POST /internal/session-tokens" -> sessionToken(exchange, request);
            case "DELETE /v1/sessions/current", "DELETE /v1/sessions" -> logout(exchange, request);
            case "GET /v1/sessions/current" -> {
                @SuppressWarnings("unchecked")
                String session = ((Map<String, String>) request.get("headers")).get("x-session-token");
                if (session != null && LIVE_SESSIONS.contains(session)) {
                    FakeService.respond(exchange, 200, "application/json", "{\"user\":{\"id\":\"" + PERSON + "\"}}");
                } else {
                    FakeService.respond(exchange, 401, "application/problem+json",
                            "{\"status\":401,\"code\":\"SESSION_INVALID\",\"title\":\"Unauthorized\"}");
                }
            }
            case "GET /v1/sessions/current/organizations" -> {
                @SuppressWarnings("unchecked")
                String session = ((Map<String, String>) request.get("headers")).get("x-session-token");
                if (session != null && LIVE_SESSIONS.contains(session)) {
                    FakeService.respond(exchange, 200, "application/json", "{\"data\":[{\"id\":\"" + SECOND_ORG
                            + "\",\"name\":\"Second\",\"role\":\"developer\"}]}");
                } else {
                    FakeService.respond(exchange, 401, "application/problem+json",
                            "{\"status\":401,\"code\":\"SESSION_INVALID\",\"title\":\"Unauthorized\"}");
                }
            }
            case "POST /v1/sessions/current/organization" -> switchOrganization(exchange, request);
            case "POST /v1/signup" -> FakeService.respond(exchange, 201, "application/json", "{\"role\":\"owner\"}");
            case "GET /v1/ledgers" -> FakeService.respond(exchange, 200, "application/json",
                    "{\"data\":[{\"id\":\"" + API_KEY_LEDGER + "\",\"code\":\"sandbox\"}]}");
            default -> {
                if (method.equals("POST") && path.startsWith("/v1/invitations/") && path.endsWith("/accept")) {
                    @SuppressWarnings("unchecked")
                    String session = ((Map<String, String>) request.get("headers")).get("x-session-token");
                    FakeService.respond(exchange, 200, "application/json",
                            "{\"signed_in\":" + (session != null && LIVE_SESSIONS.contains(session)) + "}");
                } else {
                    FakeService.respond(exchange, 404, "application/json", "{\"error\":\"not_found\"}");
                }
            }
        }
    }

    /** The password the fake IAM accepts for every email. */
    public static final String SESSION_PASSWORD = "right password";
    private static final java.util.Set<String> LIVE_SESSIONS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void login(com.sun.net.httpserver.HttpExchange exchange, Map<String, Object> request) throws IOException {
        if (!((String) request.get("body")).contains("\"" + SESSION_PASSWORD + "\"")) {
            FakeService.respond(exchange, 401, "application/problem+json",
                    "{\"status\":401,\"code\":\"INVALID_CREDENTIALS\",\"title\":\"Unauthorized\"}");
            return;
        }
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        LIVE_SESSIONS.add(session);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        FakeService.respond(exchange, 201, "application/json", "{\"session_token\":\"" + session + "\","
                + "\"expires_at\":\"" + java.time.OffsetDateTime.now().plusHours(12) + "\","
                + "\"user\":{\"id\":\"" + PERSON + "\"},\"role\":\"owner\"}");
    }

    /** The one other organisation the fake person may switch to. */
    public static final String SECOND_ORG = "00000000-0000-0000-0000-0000000b0002";

    private static void switchOrganization(com.sun.net.httpserver.HttpExchange exchange, Map<String, Object> request)
            throws IOException {
        @SuppressWarnings("unchecked")
        String session = ((Map<String, String>) request.get("headers")).get("x-session-token");
        if (session == null || !LIVE_SESSIONS.contains(session)) {
            FakeService.respond(exchange, 401, "application/problem+json",
                    "{\"status\":401,\"code\":\"SESSION_INVALID\",\"title\":\"Unauthorized\"}");
            return;
        }
        if (!((String) request.get("body")).contains(SECOND_ORG)) {
            FakeService.respond(exchange, 403, "application/problem+json",
                    "{\"status\":403,\"code\":\"NOT_A_MEMBER\",\"title\":\"Forbidden\"}");
            return;
        }
        LIVE_SESSIONS.remove(session);
        login(exchange, Map.<String, Object>of("body", "\"" + SESSION_PASSWORD + "\""));
    }

    /** The person every fake session belongs to (its tokens' client id). */
    public static final String PERSON = "00000000-0000-0000-0000-0000000b0001";

    private static void sessionToken(com.sun.net.httpserver.HttpExchange exchange, Map<String, Object> request)
            throws IOException {
        String session = FakeService.JSON.readTree((String) request.get("body")).path("session_token").asText();
        if (!LIVE_SESSIONS.contains(session)) {
            FakeService.respond(exchange, 401, "application/problem+json",
                    "{\"status\":401,\"code\":\"SESSION_INVALID\",\"title\":\"Unauthorized\"}");
            return;
        }
        String token = TestTokens.builder()
                .ledgers(List.of(API_KEY_LEDGER))
                .scopes(Scopes.LEDGER_READ, Scopes.LEDGER_WRITE, Scopes.IAM_ADMIN)
                .clientId(PERSON)
                .build();
        FakeService.respond(exchange, 200, "application/json", "{\"access_token\":\"" + token
                + "\",\"token_type\":\"Bearer\",\"expires_in\":600}");
    }

    private static void logout(com.sun.net.httpserver.HttpExchange exchange, Map<String, Object> request) throws IOException {
        @SuppressWarnings("unchecked")
        String session = ((Map<String, String>) request.get("headers")).get("x-session-token");
        if (session == null) {
            FakeService.respond(exchange, 401, "application/problem+json",
                    "{\"status\":401,\"code\":\"SESSION_INVALID\",\"title\":\"Unauthorized\"}");
            return;
        }
        LIVE_SESSIONS.remove(session);
        FakeService.respond(exchange, 204, null, "");
    }

    private static String jwks() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode jwks = (com.fasterxml.jackson.databind.node.ObjectNode) FakeService.JSON
                .readTree(TestTokens.jwksJson());
        if (ROTATED.get()) {
            com.fasterxml.jackson.databind.node.ArrayNode keys = (com.fasterxml.jackson.databind.node.ArrayNode) jwks.get("keys");
            keys.add(((com.fasterxml.jackson.databind.node.ObjectNode) keys.get(0).deepCopy()).put("kid", ROTATED_KEY_ID));
        }
        return FakeService.JSON.writeValueAsString(jwks);
    }

    private static void token(com.sun.net.httpserver.HttpExchange exchange, Map<String, Object> request) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String pair : ((String) request.get("body")).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        @SuppressWarnings("unchecked")
        String authorization = ((Map<String, String>) request.get("headers")).get("authorization");
        boolean basic = authorization != null && authorization.startsWith("Basic ");
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        if (basic) {
            String[] credentials = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            clientId = credentials[0];
            secret = credentials.length > 1 ? credentials[1] : null;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (!"client_credentials".equals(form.get("grant_type"))) {
            FakeService.respond(exchange, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        if (secret == null || !secret.startsWith(VALID_API_KEY_PREFIX) || !secret.substring(0, 12).equals(clientId)) {
            if (basic) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"laas\"");
            }
            FakeService.respond(exchange, 401, "application/json",
                    "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
            return;
        }
        String token = TestTokens.builder()
                .ledgers(List.of(API_KEY_LEDGER))
                .scopes(Scopes.LEDGER_READ, Scopes.LEDGER_WRITE, Scopes.WEBHOOKS_READ, Scopes.WEBHOOKS_WRITE)
                .clientId(clientId)
                .build();
        FakeService.respond(exchange, 200, "application/json",
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":600,"
                        + "\"scope\":\"ledger:read ledger:write webhooks:read webhooks:write\"}");
    }
}
