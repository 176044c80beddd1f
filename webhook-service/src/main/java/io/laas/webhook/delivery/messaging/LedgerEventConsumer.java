package io.laas.webhook.delivery.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.events.EventEnvelope;
import io.laas.events.EventEnvelopeReader;
import io.laas.events.Epochs;
import io.laas.web.logging.LogFields;
import io.laas.web.tracing.ConsumerSpans;
import io.laas.web.tracing.TraceContext;
import io.laas.webhook.delivery.LedgerEvent;
import io.laas.webhook.delivery.service.LostTail;
import io.laas.webhook.delivery.service.MessageIntakeService;
import io.laas.webhook.delivery.service.WebhookMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.pgclient.PgException;

/**
 * Consumes {@code outbox.event.ledger} in batches (one poll at a time, {@code batch=true}). The events
 * of a batch are stored in one transaction, and the batch is acknowledged only after it commits.
 * Failures are split on purpose:
 * <ul>
 * <li>a record that can never be processed (not JSON, no ids, rejected by the database as data) is
 * logged, counted ({@code laas_webhook_events_dead_lettered_total}) and nacked on its own, which the
 * channel's {@code dead-letter-queue} strategy turns into a copy on
 * {@code outbox.event.ledger.dlq.webhook-service}; the rest of its batch is stored as usual;</li>
 * <li>anything else (database unavailable, ...) is retried with back-off, holding the partitions, because
 * skipping would lose the events for every endpoint. The channel's commit strategy does not give up on a
 * batch that waits (see {@code throttled.unprocessed-record-max-age.ms} in application.properties).</li>
 * </ul>
 * The returned {@link Uni} never fails: a failed one would end the stream of this channel.
 */
@ApplicationScoped
public class LedgerEventConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerEventConsumer.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

    private record Parsed(LedgerEvent event, KafkaRecord<String, String> message, ConsumerRecord<String, String> record) {
    }

    private final MessageIntakeService intake;
    private final ObjectMapper mapper;
    private final WebhookMetrics metrics;
    private final LostTail lostTail;
    private final EventEnvelopeReader envelopes;
    private final Tracer tracer;

    public LedgerEventConsumer(MessageIntakeService intake, ObjectMapper mapper, WebhookMetrics metrics,
            LostTail lostTail, Tracer tracer) {
        this.intake = intake;
        this.mapper = mapper;
        this.metrics = metrics;
        this.lostTail = lostTail;
        this.envelopes = new EventEnvelopeReader(mapper);
        this.tracer = tracer;
    }

    /** Events a restore lost ({@link LostTail}) are acknowledged with their batch and neither stored nor delivered. */
    @Incoming("ledger-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return lostTail.epochs().chain(epochs -> consume(batch, epochs));
    }

    private Uni<Void> consume(KafkaRecordBatch<String, String> batch, Epochs epochs) {
        List<Parsed> events = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, String> message : batch.getRecords()) {
            ConsumerRecord<String, String> record = consumerRecord(message);
            try {
                EventEnvelope envelope = LedgerEventParser.envelope(record, mapper);
                if (!lostTail.skips(epochs, envelope)) {
                    String traceparent = envelopes.header(record.headers(), TraceContext.TRACEPARENT);
                    events.add(new Parsed(LedgerEventParser.event(envelope, traceparent), message, record));
                    Span span = ConsumerSpans.started(tracer, record.topic(), traceparent, envelope.eventId().toString());
                    if (span != null) {
                        spans.add(span);
                    }
                }
            } catch (PoisonRecordException e) {
                deadLetters.add(deadLetter(message, record, e, null));
            }
        }
        return store(events)
                .flatMap(v -> Multi.createFrom().iterable(deadLetters)
                        .onItem().transformToUniAndConcatenate(deadLetter -> deadLetter)
                        .collect().last())
                .flatMap(v -> retried(() -> Uni.createFrom().completionStage(batch::ack),
                        e -> LOG.warnf("Could not acknowledge a batch of %d records, retrying: %s",
                                batch.getRecords().size(), e.toString())))
                .onTermination().invoke((ignored, failure, cancelled) -> ConsumerSpans.ended(spans, failure));
    }

    /** Stores the events in one transaction; if the database rejects one of them as data, one by one. */
    private Uni<Void> store(List<Parsed> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<LedgerEvent> batch = events.stream().map(Parsed::event).toList();
        long started = System.nanoTime();
        return retriedWhileTransient(() -> intake.accept(batch), batch.size() + " events", null)
                .invoke(result -> LOG.debugf("Stored %d events (%d duplicates) with %d deliveries in %d ms",
                        result.stored(), result.duplicates(), result.deliveries(),
                        (System.nanoTime() - started) / 1_000_000))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("The database rejected a batch of %d events (%s); storing them one by one",
                            events.size(), e.getMessage());
                    return Multi.createFrom().iterable(events)
                            .onItem().transformToUniAndConcatenate(this::storeAlone)
                            .collect().last();
                });
    }

    private Uni<Void> storeAlone(Parsed parsed) {
        LedgerEvent event = parsed.event();
        return retriedWhileTransient(() -> intake.accept(List.of(event)), "event " + event.eventId(), event)
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    PoisonRecordException poison = new PoisonRecordException(
                            "the database rejected the event: " + e.getMessage(), e);
                    return deadLetter(parsed.message(), parsed.record(), poison, event);
                });
    }

    /** @param event the one event being stored, named in the log's fields; null for a batch */
    private <T> Uni<T> retriedWhileTransient(Supplier<Uni<? extends T>> work, String what, LedgerEvent event) {
        return Uni.createFrom().deferred(work)
                .onFailure(LedgerEventConsumer::isTransient).invoke(e -> {
                    metrics.intakeRetried();
                    LogFields.forEvent(event == null ? null : event.eventId(), event == null ? null : event.ledgerId(),
                            null, () -> LOG.warnf("Could not store %s, retrying: %s", what, e.getMessage()));
                })
                .onFailure(LedgerEventConsumer::isTransient).retry()
                .withBackOff(FIRST_RETRY, LONGEST_RETRY).indefinitely();
    }

    /** Nacks one record, which the dead-letter-queue strategy copies to the dead-letter topic. */
    private Uni<Void> deadLetter(KafkaRecord<String, String> message, ConsumerRecord<String, String> record,
            PoisonRecordException e, LedgerEvent event) {
        metrics.deadLettered();
        // an unreadable record names no event; its key is its ledger
        LogFields.forEvent(event == null ? null : event.eventId(), event == null ? record.key() : event.ledgerId(),
                null, () -> LOG.errorf("Unprocessable record %s-%d@%d (key %s) sent to the dead-letter topic: %s",
                        record.topic(), record.partition(), record.offset(), record.key(), e.getMessage()));
        return retried(() -> Uni.createFrom().completionStage(() -> message.nack(e)),
                failure -> LOG.warnf("Could not write record %s-%d@%d to the dead-letter topic, retrying: %s",
                        record.topic(), record.partition(), record.offset(), failure.toString()));
    }

    private static Uni<Void> retried(Supplier<Uni<? extends Void>> work, Consumer<Throwable> onFailure) {
        return Uni.createFrom().deferred(work)
                .onFailure().invoke(onFailure)
                .onFailure().retry().withBackOff(FIRST_RETRY, LONGEST_RETRY).indefinitely();
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> consumerRecord(KafkaRecord<String, String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("a Kafka record without its consumer record"));
    }

    /** Data and integrity errors (SQLSTATE classes 22 and 23) repeat forever; everything else may pass. */
    static boolean isTransient(Throwable e) {
        if (e instanceof PoisonRecordException) {
            return false;
        }
        if (e instanceof PgException pg && pg.getSqlState() != null) {
            return !(pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
        }
        return true;
    }
}
