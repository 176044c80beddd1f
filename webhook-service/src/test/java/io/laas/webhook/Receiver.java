package io.laas.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on 127.0.0.1 that records every request and answers with scripted answers (then
 * with the default answer): a status, optionally with headers and a body. Requests are handled
 * concurrently; those to a path given to {@link #holding} are held that long before the answer, and the
 * receiver counts, per such path, how many are held at once.
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
    /** An answer: a status, headers and a body ({@code streamed} bytes of it written in chunks, when positive). */
    record Answer(int status, Map<String, String> headers, byte[] body, long streamed) {

        static Answer of(int status) {
            return new Answer(status, Map.of(), new byte[0], 0);
        }
    }

    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final AtomicLong bytesAnswered = new AtomicLong();
    private final Map<String, Duration> holds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostHeld = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    private final AtomicInteger heldInAll = new AtomicInteger();
    private final AtomicInteger mostHeldInAll = new AtomicInteger();
    private final Map<String, String> answerHeaders = new ConcurrentHashMap<>();
    private volatile Answer defaultAnswer = Answer.of(200);

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
        for (Integer status : statuses) {
            script.add(Answer.of(status));
        }
        return this;
    }

    /** Answers the next request with this status, headers and body. */
    Receiver thenAnswer(int status, Map<String, String> headers, byte[] body) {
        script.add(new Answer(status, headers, body, 0));
        return this;
    }

    Receiver answerByDefault(int status) {
        this.defaultAnswer = Answer.of(status);
        return this;
    }

    /** Answers every request not scripted with this status and a body of {@code bytes} bytes, sent in chunks. */
    Receiver answerByDefaultStreaming(int status, long bytes) {
        this.defaultAnswer = new Answer(status, Map.of(), new byte[0], bytes);
        return this;
    }

    /** Bytes of answer bodies written so far (a chunk counts once written to the socket). */
    long bytesAnswered() {
        return bytesAnswered.get();
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
        Answer scripted = script.poll();
        Answer answer = scripted != null ? scripted : defaultAnswer;
        answerHeaders.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        try {
            if (answer.streamed() > 0) {
                exchange.sendResponseHeaders(answer.status(), 0);
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                try (var out = exchange.getResponseBody()) {
                    for (long left = answer.streamed(); left > 0; left -= chunk.length) {
                        int size = (int) Math.min(chunk.length, left);
                        out.write(chunk, 0, size);
                        bytesAnswered.addAndGet(size);
                    }
                }
            } else if (answer.body().length > 0) {
                exchange.sendResponseHeaders(answer.status(), answer.body().length);
                try (var out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
                bytesAnswered.addAndGet(answer.body().length);
            } else {
                exchange.sendResponseHeaders(answer.status(), -1);
            }
        } finally {
            exchange.close();
            counter(answered, path).incrementAndGet();
        }
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
