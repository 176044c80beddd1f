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

import io.laas.web.tracing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * Hands outbox rows to a Kafka producer in Debezium's Outbox Event Router shape: topic
 * {@code <prefix><aggregatetype>}, key {@code aggregateid}, headers {@code id} and {@code eventType},
 * value = the JSON payload.
 *
 * <p>A plain {@link KafkaProducer} rather than a messaging emitter: its per-record callback says
 * exactly which records the broker acknowledged, and it needs no channel configuration in the host
 * service. Its calls that may block (metadata, a full buffer) run on one dedicated thread, which also
 * keeps the records of a batch in order.
 *
 * <p>A row written in a trace ({@code traceparent}) is sent in a producer span of that trace, from hand-over to
 * acknowledgement, and the record's {@code traceparent} header names that span: the consumers continue from it.
 * A row without one gets the header without a value.
 */
final class OutboxPublisher {

    /** Stop handing rows once a batch carries this many payload bytes, well inside {@code buffer.memory}. */
    private static final long MAX_BATCH_BYTES = 16L << 20;

    private final Map<String, Object> producerProperties;
    private final String topicPrefix;
    private final Tracer tracer;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay-producer");
        t.setDaemon(true);
        return t;
    });
    private volatile Producer<String, String> producer;
    private volatile boolean closed;

    OutboxPublisher(Map<String, Object> producerProperties, String topicPrefix, Tracer tracer) {
        this.producerProperties = producerProperties;
        this.topicPrefix = topicPrefix;
        this.tracer = tracer;
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
            ProducerRecord<String, String> record = record(row);
            Span span = span(row, record.topic());
            if (span != null) {
                TraceContext.inject(span, (name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            } else {
                // as Debezium's router places a NULL column: the header, without a value
                record.headers().add(TraceContext.TRACEPARENT, null);
            }
            try {
                producer().send(record, (metadata, error) -> {
                    if (error == null) {
                        ack.complete(null);
                    } else {
                        failed.set(true);
                        ack.completeExceptionally(error);
                    }
                    ended(span, error);
                    answer.run();
                });
            } catch (RuntimeException e) {
                // Record-level errors come through the callback; an exception here means the producer
                // itself is unusable (closed, interrupted): start a new one for the next batch.
                ack.completeExceptionally(e);
                ended(span, e);
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

    /** The producer span of a row written in a trace; {@code null} for a row without one. */
    private Span span(PendingEvent row, String topic) {
        if (row.traceparent() == null) {
            return null;
        }
        return tracer.spanBuilder("publish " + topic)
                .setParent(TraceContext.parent(row.traceparent()))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "publish")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.message.id", row.id().toString())
                .setAttribute("messaging.kafka.message.key", row.aggregateId())
                .startSpan();
    }

    private static void ended(Span span, Throwable error) {
        if (span == null) {
            return;
        }
        if (error != null) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
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
