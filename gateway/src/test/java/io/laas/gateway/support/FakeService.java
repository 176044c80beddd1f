package io.laas.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP server on loopback standing in for one LaaS service. It records every request it receives
 * and serves them back at {@code GET /__fake/requests} (JSON), so tests can see exactly what the gateway
 * forwarded without sharing state across class loaders.
 */
public class FakeService {

    public static final String RECORDED_PATH = "/__fake/requests";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Answers one recorded request. */
    @FunctionalInterface
    public interface Behaviour {
        void answer(HttpExchange exchange, Map<String, Object> request) throws IOException;
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Map<String, Object>> recorded = new CopyOnWriteArrayList<>();

    public FakeService(String name, Behaviour behaviour) throws IOException {
        this(name, 0, behaviour);
    }

    public FakeService(String name, int port, Behaviour behaviour) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getRawPath().equals(RECORDED_PATH)) {
                respond(exchange, 200, "application/json", JSON.writeValueAsString(recorded));
                return;
            }
            if (exchange.getRequestURI().getRawPath().equals(INFO_STATE_PATH)) {
                infoState = InfoState.valueOf(exchange.getRequestURI().getQuery().substring("state=".length()));
                respond(exchange, 204, null, "");
                return;
            }
            if (exchange.getRequestURI().getRawPath().equals("/_info")) {
                info(exchange);
                return;
            }
            Map<String, Object> request = record(exchange);
            behaviour.answer(exchange, request);
        });
        server.start();
    }

    /**
     * How the stand-in answers {@code GET /_info}: its info, 503 SCHEMA_VERSION_UNAVAILABLE, a dropped connection,
     * or its info after 3 s; set with {@code POST /__fake/info?state=UP} (per stand-in, not recorded).
     */
    public enum InfoState {
        UP, UNAVAILABLE, DROPPED, SLOW
    }

    public static final String INFO_STATE_PATH = "/__fake/info";
    public static final String INFO_VERSION = "9.9.9-fake";

    private volatile InfoState infoState = InfoState.UP;

    private void info(HttpExchange exchange) throws IOException {
        switch (infoState) {
            case DROPPED -> {
                exchange.close();
                return;
            }
            case UNAVAILABLE -> {
                respond(exchange, 503, "application/problem+json",
                        "{\"status\":503,\"code\":\"SCHEMA_VERSION_UNAVAILABLE\",\"title\":\"Service Unavailable\"}");
                return;
            }
            case SLOW -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case UP -> {
            }
        }
        respond(exchange, 200, "application/json", "{\"name\":\"" + name + "\",\"version\":\"" + INFO_VERSION
                + "\",\"commit\":\"0123456789abcdef0123456789abcdef01234567\",\"build_time\":\"2026-01-01T00:00:00Z\","
                + "\"schema_version\":\"7\"}");
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private Map<String, Object> record(HttpExchange exchange) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", exchange.getRequestMethod());
        request.put("path", exchange.getRequestURI().getRawPath());
        request.put("query", exchange.getRequestURI().getRawQuery());
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), String.join(",", values)));
        request.put("headers", headers);
        request.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        recorded.add(request);
        return request;
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean empty = bytes.length == 0 || exchange.getRequestMethod().equals("HEAD") || status == 204;
        exchange.sendResponseHeaders(status, empty ? -1 : bytes.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    /**
     * A downstream service: POST answers 201 with a Location (and {@code Idempotent-Replayed: true} when the
     * idempotency key is "replayed"), other methods 200, each with {@code Ledger-Sequence: 42}; the body echoes
     * what arrived. Paths ending in
     * {@code /__slow} answer after 3 s, {@code /__close} drop the connection, {@code /__conflict} answer
     * 409 problem+json.
     */
    public static FakeService downstream(String name) throws IOException {
        return new FakeService(name, (exchange, request) -> {
            String path = (String) request.get("path");
            if (path.endsWith("/__close")) {
                throw new IOException("dropping the connection on purpose");
            }
            if (path.endsWith("/__slow")) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (path.endsWith("/__conflict")) {
                respond(exchange, 409, "application/problem+json",
                        "{\"type\":\"https://laas.dev/problems/idempotency-key-reused\",\"status\":409,\"code\":\"IDEMPOTENCY_KEY_REUSED\"}");
                return;
            }
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("service", name);
            echo.put("method", request.get("method"));
            echo.put("path", path);
            echo.put("query", request.get("query"));
            int status = 200;
            if (request.get("method").equals("POST")) {
                status = 201;
                exchange.getResponseHeaders().set("Location", path + "/" + UUID.randomUUID());
                @SuppressWarnings("unchecked")
                Map<String, String> headers = (Map<String, String>) request.get("headers");
                if ("replayed".equals(headers.get("idempotency-key"))) {
                    exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
                }
            }
            exchange.getResponseHeaders().set("X-Served-By", name);
            exchange.getResponseHeaders().set("Ledger-Sequence", "42");
            respond(exchange, status, "application/json", JSON.writeValueAsString(echo));
        });
    }
}
