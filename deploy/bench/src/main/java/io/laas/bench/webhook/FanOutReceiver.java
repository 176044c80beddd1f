package io.laas.bench.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The webhook endpoints of the fan-out phase, on loopback, told apart by path: {@code /fanout/<n>} answer 204 at
 * once, {@code /slow} too, or after a delay while {@link #slow(boolean)} is on. Records, per path, every webhook-id received
 * (so a repeat shows) and, the first time a path sees an event, its sequence, when it arrived and how long after
 * the event's commit ({@code recorded_at}).
 */
public final class FanOutReceiver implements AutoCloseable {

    public static final String SLOW_PATH = "/slow";

    /** The first arrival of an event at one path. */
    public record Arrival(String path, long sequence, long arrivedNanos, long latencyMicros) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServer server;
    private final long slowMillis;
    private volatile boolean slow;
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    private FanOutReceiver(Vertx vertx, long slowMillis) {
        this.vertx = vertx;
        this.slowMillis = slowMillis;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    public static FanOutReceiver start(Vertx vertx, int port, long slowMillis) {
        FanOutReceiver receiver = new FanOutReceiver(vertx, slowMillis);
        try {
            receiver.server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The fan-out webhook receiver cannot listen on 127.0.0.1:" + port
                    + " (choose another with --webhook-port): " + e.getMessage(), e);
        }
        return receiver;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    public static String fastPath(int n) {
        return "/fanout/" + n;
    }

    /** Whether the slow path takes its delay before answering (off: its backlog drains after the phase). */
    public void slow(boolean on) {
        slow = on;
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        request.body().onComplete(body -> {
            long arrived = System.nanoTime();
            long now = WebhookReceiver.epochMicros(Instant.now());
            if (slow && SLOW_PATH.equals(path)) {
                vertx.setTimer(slowMillis, id -> request.response().setStatusCode(204).end());
            } else {
                request.response().setStatusCode(204).end();
            }
            if (body.failed()) {
                unreadable.incrementAndGet();
                return;
            }
            String webhookId = request.getHeader("webhook-id");
            try {
                JsonNode event = JSON.readTree(body.result().getBytes()).path("data");
                long sequence = event.path("sequence").asLong();
                long recordedAt = WebhookReceiver.epochMicros(Instant.parse(event.path("recorded_at").asText()));
                if (webhookId == null) {
                    unreadable.incrementAndGet();
                } else if (seen.computeIfAbsent(path, p -> ConcurrentHashMap.newKeySet()).add(webhookId)) {
                    arrivals.add(new Arrival(path, sequence, arrived, now - recordedAt));
                } else {
                    duplicates.incrementAndGet();
                }
            } catch (Exception e) {
                unreadable.incrementAndGet();
            }
        });
    }

    /** Every first arrival so far. */
    public List<Arrival> arrivals() {
        return new ArrayList<>(arrivals);
    }

    /** Deliveries of an event to a path that had received it already. */
    public long duplicates() {
        return duplicates.get();
    }

    public long unreadable() {
        return unreadable.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
