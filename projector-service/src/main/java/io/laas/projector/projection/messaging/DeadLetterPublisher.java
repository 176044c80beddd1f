package io.laas.projector.projection.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.laas.events.EventEnvelopeReader;
import io.laas.projector.projection.EventFailure;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Copies poison records to {@code outbox.event.ledger.dlq.projector-service} (value, key and identity headers
 * as received, plus {@code dead-letter-reason} and {@code dead-letter-origin}), for tools that watch
 * dead-letter topics. The copy is a convenience: the record of a failure is the {@code failed_events} row,
 * committed before this runs, so a copy that cannot be sent is logged and not retried.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final MutinyEmitter<String> deadLetters;

    public DeadLetterPublisher(@Channel("ledger-events-dead-letter") MutinyEmitter<String> deadLetters) {
        this.deadLetters = deadLetters;
    }

    public Uni<Void> publish(List<EventFailure> failures) {
        List<EventFailure> poison = failures.stream()
                .filter(f -> f.kind() == EventFailure.Kind.POISON && !"parked".equals(f.raw().origin()))
                .toList();
        if (poison.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(poison)
                .onItem().transformToUniAndConcatenate(this::publish)
                .onItem().ignoreAsUni();
    }

    private Uni<Void> publish(EventFailure failure) {
        List<RecordHeader> headers = new ArrayList<>();
        header(headers, EventEnvelopeReader.ID_HEADER, failure.raw().idHeader());
        header(headers, EventEnvelopeReader.EVENT_TYPE_HEADER, failure.raw().eventTypeHeader());
        header(headers, "dead-letter-reason", failure.reason());
        header(headers, "dead-letter-origin", failure.raw().origin());
        Message<String> message = Message.of(failure.raw().value()).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(failure.raw().key()).withHeaders(headers).build());
        return deadLetters.sendMessage(message)
                .ifNoItem().after(SEND_TIMEOUT).fail()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Could not copy the poison record from %s to the dead-letter topic (%s); it stays "
                            + "recorded in failed_events", failure.raw().origin(), e.getMessage());
                    return null;
                });
    }

    private static void header(List<RecordHeader> headers, String name, String value) {
        if (value != null) {
            headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
