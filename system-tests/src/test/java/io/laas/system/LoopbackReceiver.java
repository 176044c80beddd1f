package io.laas.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on loopback for the whole-suite tests: it records every request it gets and answers
 * each with the status the test chooses from the requests that came before.
 */
final class LoopbackReceiver implements AutoCloseable {

    /** One request as the receiver saw it (header names in lower case), and what it answered. */
    record Request(Map<String, List<String>> headers, String body, int answered, Instant at) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String webhookId() {
            return header("webhook-id");
        }
    }

    private final HttpServer server;
    private final String path;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private LoopbackReceiver(String path, ToIntFunction<List<Request>> answer) {
        this.path = path;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(path, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            int status;
            synchronized (requests) {
                status = answer.applyAsInt(List.copyOf(requests));
                requests.add(new Request(headers, body, status, Instant.now()));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** A receiver that answers every request with 204. */
    static LoopbackReceiver start(String path) {
        return new LoopbackReceiver(path, earlier -> 204);
    }

    /** A receiver that answers with {@code answer} applied to the requests received before. */
    static LoopbackReceiver start(String path, ToIntFunction<List<Request>> answer) {
        return new LoopbackReceiver(path, answer);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
