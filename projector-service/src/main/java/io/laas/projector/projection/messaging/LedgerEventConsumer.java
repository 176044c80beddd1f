package io.laas.projector.projection.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.laas.projector.config.ProjectorConfig;
import io.laas.projector.projection.LedgerEvent;
import io.laas.projector.projection.LedgerEventParser;
import io.laas.projector.projection.PoisonEventException;
import io.laas.projector.projection.service.ProjectionMetrics;
import io.laas.projector.projection.service.ProjectionService;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code outbox.event.ledger}. A record is acknowledged only after the database transaction that
 * applied (or parked, or ignored) it has committed. A poison record fails the returned {@link Uni}, which
 * the channel's {@code dead-letter-queue} failure strategy turns into a copy on the dead-letter topic;
 * every other failure is retried in place, so an event is never skipped because the database was away.
 */
@ApplicationScoped
public class LedgerEventConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerEventConsumer.class);

    private final LedgerEventParser parser;
    private final ProjectionService projection;
    private final ProjectionMetrics metrics;
    private final ProjectorConfig config;

    public LedgerEventConsumer(LedgerEventParser parser, ProjectionService projection, ProjectionMetrics metrics,
            ProjectorConfig config) {
        this.parser = parser;
        this.projection = projection;
        this.metrics = metrics;
        this.config = config;
    }

    @Incoming("ledger-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        LedgerEvent event;
        try {
            event = parser.parse(record.value(), header(record, "id"), header(record, "eventType"));
        } catch (PoisonEventException e) {
            return poison(record, e);
        }
        return projection.project(event)
                .onFailure(failure -> !(failure instanceof PoisonEventException)).invoke(failure -> {
                    metrics.retry();
                    LOG.warnf("Ledger %s: projecting event %s (sequence %d) failed, will retry: %s", event.ledgerId(),
                            event.eventId(), event.sequence(), failure.toString());
                })
                .onFailure(failure -> !(failure instanceof PoisonEventException)).retry()
                .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff()).indefinitely()
                .onFailure(PoisonEventException.class).recoverWithUni(failure -> poison(record, failure))
                .replaceWithVoid();
    }

    private <T> Uni<T> poison(ConsumerRecord<String, String> record, Throwable reason) {
        metrics.poison();
        LOG.errorf("Poison record %s-%d@%d (key %s) sent to the dead-letter topic: %s", record.topic(),
                record.partition(), record.offset(), record.key(), reason.getMessage());
        return Uni.createFrom().failure(reason);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
