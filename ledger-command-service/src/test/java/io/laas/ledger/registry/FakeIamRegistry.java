package io.laas.ledger.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * IAM as the command service's registry lookup sees it: the token endpoint (client credentials of
 * {@code ledger-command-service}, scope {@code ops:admin}) and {@code GET /v1/ops/registry/ledgers/{id}} (only with a
 * token it issued). The test drives it over HTTP ({@code /control/...}), since the test and this resource may live
 * in different class loaders: register a ledger, count lookups, see the last Authorization, make IAM fail.
 */
public class FakeIamRegistry implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "ledger-command-service";
    static final String SECRET = "registry-test-secret";

    private HttpServer server;
    private final Map<String, String> ledgers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>("");
    private final AtomicReference<String> mode = new AtomicReference<>("up");

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/oauth/token", this::token);
        server.createContext("/v1/ops/registry/ledgers/", this::lookup);
        server.createContext("/control/", this::control);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "laas.ledger.registry.lookup-enabled", "true",
                "laas.ledger.registry.iam-url", url,
                "laas.ledger.registry.token-url", url + "/oauth/token",
                "laas.ledger.registry.client-id", CLIENT_ID,
                "laas.ledger.registry.client-secret", SECRET,
                "laas.ledger.registry.unknown-ttl", "3s",
                "laas.ledger.registry.request-timeout", "2s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        String form = URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !form.contains("grant_type=client_credentials") || !form.contains("scope=ops:admin")) {
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        send(exchange, 200, "{\"access_token\":\"service-token-" + tokensIssued.incrementAndGet()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
    }

    private void lookup(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/v1/ops/registry/ledgers/".length());
        lookups.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        lastAuthorization.set(authorization == null ? "" : authorization);
        switch (mode.get()) {
            case "down" -> {
                // no answer at all: the connection is dropped
                exchange.close();
                return;
            }
            case "error" -> {
                send(exchange, 500, "{}");
                return;
            }
            default -> {
            }
        }
        if (authorization == null || !authorization.startsWith("Bearer service-token-")) {
            send(exchange, 401, "{}");
            return;
        }
        String ledger = ledgers.get(id);
        if (ledger == null) {
            send(exchange, 404, "{\"code\":\"LEDGER_NOT_FOUND\"}");
        } else {
            send(exchange, 200, ledger);
        }
    }

    private void control(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().substring("/control/".length()).split("/");
        try (InputStream body = exchange.getRequestBody()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            switch (path[0]) {
                case "ledgers" -> {
                    ledgers.put(path[1], text);
                    send(exchange, 204, null);
                }
                case "lookups" -> send(exchange, 200,
                        String.valueOf(lookups.getOrDefault(path[1], new AtomicInteger()).get()));
                case "authorization" -> send(exchange, 200, lastAuthorization.get());
                case "mode" -> {
                    mode.set(path[1]);
                    send(exchange, 204, null);
                }
                default -> send(exchange, 404, "");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body == null ? -1 : bytes.length);
        if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
