package io.laas.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
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

    /** What to answer one request: a status and headers, sent after a delay. */
    record Answer(int status, Map<String, String> headers, Duration delay) {

        static Answer of(int status) {
            return new Answer(status, Map.of(), Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final String path;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    // requests are answered concurrently, so that a delayed answer holds up only its own request
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private LoopbackReceiver(String path, Function<List<Request>, Answer> answer) {
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
            Answer reply;
            synchronized (requests) {
                reply = answer.apply(List.copyOf(requests));
                requests.add(new Request(headers, body, reply.status(), Instant.now()));
            }
            try {
                Thread.sleep(reply.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(reply.status(), -1);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    /** A receiver that answers every request with 204. */
    static LoopbackReceiver start(String path) {
        return start(path, earlier -> 204);
    }

    /** A receiver that answers with {@code answer} applied to the requests received before. */
    static LoopbackReceiver start(String path, ToIntFunction<List<Request>> answer) {
        return new LoopbackReceiver(path, earlier -> Answer.of(answer.applyAsInt(earlier)));
    }

    /** A receiver that answers with {@code answer} (status, headers, delay) applied to the requests received before. */
    static LoopbackReceiver answering(String path, Function<List<Request>, Answer> answer) {
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
        threads.shutdownNow();
    }
}
