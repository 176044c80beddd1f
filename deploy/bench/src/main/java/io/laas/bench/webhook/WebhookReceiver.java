package io.laas.bench.webhook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The webhook endpoint of the benchmark, on loopback: answers every delivery 204 at once and records,
 * the first time it sees an event, how long after its commit ({@code recorded_at}) it arrived.
 * Events are told apart by ledger and sequence (one {@code webhook-id} each).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PhaseLatencies latencies = new PhaseLatencies();
    private final Map<UUID, BitSet> seen = new ConcurrentHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start(Vertx vertx, int port) {
        WebhookReceiver[] receiver = new WebhookReceiver[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> receiver[0].handle(request));
        receiver[0] = new WebhookReceiver(server);
        try {
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The webhook receiver cannot listen on 127.0.0.1:" + port
                    + " (choose another with --webhook-port): " + e.getMessage(), e);
        }
        return receiver[0];
    }

    /** The URL to register for a ledger. */
    public String url(UUID ledger) {
        return "http://127.0.0.1:" + server.actualPort() + "/hooks/" + ledger;
    }

    private void handle(HttpServerRequest request) {
        request.body().onComplete(body -> {
            long now = epochMicros(Instant.now());
            request.response().setStatusCode(204).end();
            if (body.failed()) {
                unreadable.incrementAndGet();
                return;
            }
            deliveries.incrementAndGet();
            try {
                JsonNode event = JSON.readTree(body.result().getBytes()).path("data");
                UUID ledger = UUID.fromString(event.path("ledger_id").asText());
                int sequence = event.path("sequence").asInt();
                long recordedAt = epochMicros(Instant.parse(event.path("recorded_at").asText()));
                if (firstTime(ledger, sequence)) {
                    latencies.record(recordedAt, now - recordedAt);
                } else {
                    duplicates.incrementAndGet();
                }
            } catch (Exception e) {
                unreadable.incrementAndGet();
            }
        });
    }

    private boolean firstTime(UUID ledger, int sequence) {
        BitSet sequences = seen.computeIfAbsent(ledger, id -> new BitSet());
        synchronized (sequences) {
            if (sequences.get(sequence)) {
                return false;
            }
            sequences.set(sequence);
            return true;
        }
    }

    /** The sequences in {@code (after, upTo]} of the ledger not received yet, at most {@code limit} of them. */
    public List<Long> missing(UUID ledger, long after, long upTo, int limit) {
        BitSet sequences = seen.computeIfAbsent(ledger, id -> new BitSet());
        List<Long> missing = new ArrayList<>();
        synchronized (sequences) {
            for (long sequence = after + 1; sequence <= upTo && missing.size() < limit; sequence++) {
                if (!sequences.get((int) sequence)) {
                    missing.add(sequence);
                }
            }
        }
        return missing;
    }

    /** How many of the sequences in {@code (after, upTo]} of the ledger were not received yet. */
    public long missingCount(UUID ledger, long after, long upTo) {
        if (upTo <= after) {
            return 0;
        }
        BitSet sequences = seen.computeIfAbsent(ledger, id -> new BitSet());
        synchronized (sequences) {
            return (upTo - after) - sequences.get((int) after + 1, (int) upTo + 1).cardinality();
        }
    }

    public PhaseLatencies latencies() {
        return latencies;
    }

    public long deliveries() {
        return deliveries.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long unreadable() {
        return unreadable.get();
    }

    public static long epochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    @Override
    public void close() {
        server.close();
    }
}
