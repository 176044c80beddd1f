package io.laas.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Hands outbox rows to a Kafka producer in Debezium's Outbox Event Router shape: topic
 * {@code <prefix><aggregatetype>}, key {@code aggregateid}, headers {@code id} and {@code eventType},
 * value = the JSON payload.
 *
 * <p>A plain {@link KafkaProducer} rather than a messaging emitter: its per-record callback says
 * exactly which records the broker acknowledged, and it needs no channel configuration in the host
 * service. Its calls that may block (metadata, a full buffer) run on one dedicated thread, which also
 * keeps the records of a batch in order.
 */
final class OutboxPublisher {

    /** Stop handing rows once a batch carries this many payload bytes, well inside {@code buffer.memory}. */
    private static final long MAX_BATCH_BYTES = 16L << 20;

    private final Map<String, Object> producerProperties;
    private final String topicPrefix;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay-producer");
        t.setDaemon(true);
        return t;
    });
    private volatile Producer<String, String> producer;
    private volatile boolean closed;

    OutboxPublisher(Map<String, Object> producerProperties, String topicPrefix) {
        this.producerProperties = producerProperties;
        this.topicPrefix = topicPrefix;
    }

    /**
     * Hands the rows to the producer in order and stops at the first send that fails: a record the
     * producer rejects outright (over {@code max.request.size}, say) is reported through its callback
     * during the send, so no row after it is handed. Completes, on the sender thread, with one
     * acknowledgement future per handed row.
     */
    CompletionStage<Handed> send(List<PendingEvent> rows) {
        return CompletableFuture.supplyAsync(() -> handOver(rows), sender);
    }

    private Handed handOver(List<PendingEvent> rows) {
        List<Sent> sent = new ArrayList<>(rows.size());
        CompletableFuture<Void> answered = new CompletableFuture<>();
        // One count for the handing itself, one per record until it is answered.
        AtomicInteger unanswered = new AtomicInteger(1);
        Runnable answer = () -> {
            if (unanswered.decrementAndGet() == 0) {
                answered.complete(null);
            }
        };
        AtomicBoolean failed = new AtomicBoolean();
        long bytes = 0;
        for (PendingEvent row : rows) {
            if (failed.get() || bytes >= MAX_BATCH_BYTES) {
                break;
            }
            CompletableFuture<Void> ack = new CompletableFuture<>();
            sent.add(new Sent(row, ack));
            unanswered.incrementAndGet();
            try {
                producer().send(record(row), (metadata, error) -> {
                    if (error == null) {
                        ack.complete(null);
                    } else {
                        failed.set(true);
                        ack.completeExceptionally(error);
                    }
                    answer.run();
                });
            } catch (RuntimeException e) {
                // Record-level errors come through the callback; an exception here means the producer
                // itself is unusable (closed, interrupted): start a new one for the next batch.
                ack.completeExceptionally(e);
                answer.run();
                discardProducer();
                break;
            }
            bytes += row.payload().length();
        }
        answer.run();
        return new Handed(sent, answered);
    }

    private ProducerRecord<String, String> record(PendingEvent row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topicPrefix + row.aggregateType(), row.aggregateId(),
                row.payload());
        record.headers().add("id", row.id().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", row.type().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private Producer<String, String> producer() {
        Producer<String, String> current = producer;
        if (current == null) {
            if (closed) {
                throw new IllegalStateException("The outbox relay is closed");
            }
            current = new KafkaProducer<>(producerProperties, new StringSerializer(), new StringSerializer());
            producer = current;
        }
        return current;
    }

    private void discardProducer() {
        Producer<String, String> current = producer;
        producer = null;
        if (current != null) {
            current.close(Duration.ZERO);
        }
    }

    void close() {
        closed = true;
        Producer<String, String> current = producer;
        producer = null;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
        sender.shutdownNow();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A row handed to the producer and the future of its acknowledgement. */
    record Sent(PendingEvent event, CompletableFuture<Void> ack) {
    }

    /** The rows handed to the producer, and a future completed once every one of them is answered. */
    record Handed(List<Sent> sent, CompletableFuture<Void> answered) {
    }
}
