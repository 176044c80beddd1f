package io.laas.projector.projection.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.events.EventEnvelopeReader;
import io.laas.projector.projection.RawEvent;
import io.laas.projector.projection.service.ProjectionService;
import io.laas.web.tracing.ConsumerSpans;
import io.laas.web.tracing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code outbox.event.ledger} in batches (what one poll returns, up to {@code max.poll.records}).
 * The batch is acknowledged, so its offsets may be committed, only after the database transaction that
 * applied, parked, ignored or recorded as failed every record of it has committed. The returned {@link Uni}
 * does not fail: database failures are retried inside until they pass, and records that can never be
 * applied are recorded in {@code failed_events} (and copied to the dead-letter topic) instead. A record that came
 * with a trace context is projected in a span of that trace ({@link ConsumerSpans}).
 */
@ApplicationScoped
public class LedgerEventConsumer {

    private final ProjectionService projection;
    private final DeadLetterPublisher deadLetters;
    private final EventEnvelopeReader envelopes;
    private final Tracer tracer;

    public LedgerEventConsumer(ProjectionService projection, DeadLetterPublisher deadLetters, ObjectMapper mapper,
            Tracer tracer) {
        this.projection = projection;
        this.deadLetters = deadLetters;
        this.envelopes = new EventEnvelopeReader(mapper);
        this.tracer = tracer;
    }

    @Incoming("ledger-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<RawEvent> batch = new ArrayList<>(records.count());
        List<Span> spans = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            String eventId = envelopes.header(record.headers(), EventEnvelopeReader.ID_HEADER);
            batch.add(new RawEvent(record.value(), record.key(), eventId,
                    envelopes.header(record.headers(), EventEnvelopeReader.EVENT_TYPE_HEADER),
                    record.topic() + "-" + record.partition() + "@" + record.offset()));
            Span span = ConsumerSpans.started(tracer, record.topic(),
                    envelopes.header(record.headers(), TraceContext.TRACEPARENT), eventId);
            if (span != null) {
                spans.add(span);
            }
        }
        return projection.project(batch)
                .chain(result -> deadLetters.publish(result.failures()))
                .onTermination().invoke((ignored, failure, cancelled) -> ConsumerSpans.ended(spans, failure));
    }
}
