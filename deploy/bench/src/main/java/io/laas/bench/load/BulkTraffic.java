package io.laas.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * {@code POST /v1/ledgers/{ledger_id}/transactions/bulk}: {@link #size()} transactions per request, each
 * drawn as a single post of the same workload would be, with its own idempotency key
 * ({@code <prefix>-<n × size + i>}). Independent items ({@code "atomic": false}) are answered 200 with one
 * result per item; atomic ones 201 with all of them posted, or the first refused item's problem (none
 * posted). Throughput counts the items posted, not the requests.
 */
public final class BulkTraffic implements Traffic {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OK = 200;

    private final Workload workload;
    private final TransactionBodies bodies;
    private final int size;
    private final boolean atomic;
    private final byte[] head;
    private final byte[] tail = "]}".getBytes(StandardCharsets.US_ASCII);

    public BulkTraffic(Workload workload, TransactionBodies bodies, int size, boolean atomic) {
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException("a bulk holds 1-1000 transactions: " + size);
        }
        this.workload = workload;
        this.bodies = bodies;
        this.size = size;
        this.atomic = atomic;
        this.head = ("{\"atomic\":" + atomic + ",\"transactions\":[").getBytes(StandardCharsets.US_ASCII);
    }

    public int size() {
        return size;
    }

    public boolean atomic() {
        return atomic;
    }

    @Override
    public String name() {
        return workload.name() + " bulk of " + size + (atomic ? ", atomic" : "");
    }

    @Override
    public List<UUID> ledgers() {
        return workload.ledgers();
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public HttpMethod method() {
        return HttpMethod.POST;
    }

    @Override
    public int itemsPerRequest() {
        return size;
    }

    @Override
    public String pathSuffix(long n, SplittableRandom random) {
        return "/transactions/bulk";
    }

    @Override
    public Buffer body(long n, SplittableRandom random) {
        Buffer body = Buffer.buffer(size * 250 + 48).appendBytes(head);
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.appendByte((byte) ',');
            }
            body.appendBuffer(bodies.body(n * size + i, random));
        }
        return body.appendBytes(tail);
    }

    @Override
    public Outcome outcome(int status, Buffer answer) {
        return outcome(status, answer == null ? null : answer.getBytes(), size, atomic);
    }

    /**
     * How the answer to a bulk of {@code size} items counts: each result 201 that is not a replay is a
     * transaction posted; a result with another status, a replay (counted as 200, as a single post
     * answers one) and an item without a result are refused; a request refused as a whole refuses every
     * item with its status. Items of a request without an answer, answered 5xx or with an unreadable
     * body, may have been posted: they are uncertain.
     */
    static Outcome outcome(int status, byte[] answer, int size, boolean atomic) {
        boolean whole = atomic ? status == WindowCounter.CREATED : status == OK;
        if (!whole) {
            return Outcome.refused(status, size);
        }
        JsonNode results;
        try {
            results = JSON.readTree(answer).path("results");
        } catch (IOException | RuntimeException e) {
            return new Outcome(0, Map.of(status, (long) size), size);
        }
        long accepted = 0;
        long answered = 0;
        Map<Integer, Long> refused = new TreeMap<>();
        for (JsonNode item : results) {
            answered++;
            int itemStatus = item.path("status").asInt(WindowCounter.NO_ANSWER);
            if (itemStatus == WindowCounter.CREATED && !item.path("replayed").asBoolean(false)) {
                accepted++;
            } else {
                refused.merge(itemStatus == WindowCounter.CREATED ? OK : itemStatus, 1L, Long::sum);
            }
        }
        long unanswered = Math.max(0, size - answered);
        if (unanswered > 0) {
            refused.merge(status, unanswered, Long::sum);
        }
        return new Outcome(accepted, refused, unanswered);
    }
}
