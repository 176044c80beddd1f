package io.laas.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on 127.0.0.1 that records every request and answers with scripted statuses
 * (then with the default status). Requests are handled concurrently; those to a path given to
 * {@link #holding} are held that long before the answer, and the receiver counts, per such path, how
 * many are held at once.
 */
final class Receiver implements AutoCloseable {

    record Request(String method, String path, Map<String, List<String>> headers, String body, Instant receivedAt) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Integer> script = new ConcurrentLinkedDeque<>();
    private final Map<String, Duration> holds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostHeld = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    private final AtomicInteger heldInAll = new AtomicInteger();
    private final AtomicInteger mostHeldInAll = new AtomicInteger();
    private final Map<String, String> answerHeaders = new ConcurrentHashMap<>();
    private volatile int defaultStatus = 200;

    private Receiver(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static Receiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ExecutorService threads = Executors.newCachedThreadPool();
            Receiver receiver = new Receiver(server, threads);
            server.createContext("/", receiver::handle);
            server.setExecutor(threads);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers the next requests with these statuses, in order. */
    Receiver thenAnswer(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    Receiver answerByDefault(int status) {
        this.defaultStatus = status;
        return this;
    }

    /** Adds this header to every answer. */
    Receiver answerHeader(String name, String value) {
        answerHeaders.put(name, value);
        return this;
    }

    /** Holds every request to {@code path} (query excluded) for {@code duration} before answering it. */
    Receiver holding(String path, Duration duration) {
        holds.put(path, duration);
        return this;
    }

    /** Requests to a held path being held right now. */
    int held(String path) {
        return counter(held, path).get();
    }

    /** The most requests to a held path that were held at the same time. */
    int mostHeldAtOnce(String path) {
        return counter(mostHeld, path).get();
    }

    /** The most requests to any held path that were held at the same time. */
    int mostHeldAtOnce() {
        return mostHeldInAll.get();
    }

    /** Requests to {@code path} answered so far. */
    int answered(String path) {
        return counter(answered, path).get();
    }

    /** Requests received so far whose path (query excluded) is {@code path}. */
    List<Request> requests(String path) {
        return requests().stream().filter(r -> r.path().split("\\?")[0].equals(path)).toList();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body,
                Instant.now()));
        String path = exchange.getRequestURI().getPath();
        Duration hold = holds.get(path);
        if (hold != null) {
            hold(path, hold);
        }
        Integer scripted = script.poll();
        int status = scripted != null ? scripted : defaultStatus;
        answerHeaders.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
        counter(answered, path).incrementAndGet();
    }

    private void hold(String path, Duration hold) {
        int now = counter(held, path).incrementAndGet();
        counter(mostHeld, path).accumulateAndGet(now, Math::max);
        mostHeldInAll.accumulateAndGet(heldInAll.incrementAndGet(), Math::max);
        try {
            Thread.sleep(hold.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            counter(held, path).decrementAndGet();
            heldInAll.decrementAndGet();
        }
    }

    private static AtomicInteger counter(Map<String, AtomicInteger> counters, String path) {
        return counters.computeIfAbsent(path, p -> new AtomicInteger());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
