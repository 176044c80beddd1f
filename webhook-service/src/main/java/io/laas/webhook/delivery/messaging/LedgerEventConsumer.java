package io.laas.webhook.delivery.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.webhook.delivery.LedgerEvent;
import io.laas.webhook.delivery.service.MessageIntakeService;
import io.laas.webhook.delivery.service.WebhookMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/**
 * Consumes {@code outbox.event.ledger}. A record is acknowledged only after the transaction holding
 * its message and deliveries commits. Failures are split on purpose:
 * <ul>
 * <li>a record that can never be processed (not JSON, no ids, rejected by the database as data) is
 * logged, counted ({@code laas_webhook_events_dead_lettered_total}) and nacked, which the channel's
 * {@code dead-letter-queue} strategy turns into a copy on
 * {@code outbox.event.ledger.dlq.webhook-service} before moving on;</li>
 * <li>anything else (database unavailable, ...) is retried with back-off, holding the partition,
 * because skipping would lose the event for every endpoint.</li>
 * </ul>
 */
@ApplicationScoped
public class LedgerEventConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerEventConsumer.class);

    private final MessageIntakeService intake;
    private final ObjectMapper mapper;
    private final WebhookMetrics metrics;

    public LedgerEventConsumer(MessageIntakeService intake, ObjectMapper mapper, WebhookMetrics metrics) {
        this.intake = intake;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Incoming("ledger-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        LedgerEvent event;
        try {
            event = LedgerEventParser.parse(record, mapper);
        } catch (PoisonRecordException e) {
            return deadLetter(record, e);
        }
        return intake.accept(event)
                .onFailure(LedgerEventConsumer::isTransient).invoke(e -> LOG.warnf(
                        "Could not store event %s (%s) from %s-%d@%d, retrying: %s", event.eventId(), event.eventType(),
                        record.topic(), record.partition(), record.offset(), e.getMessage()))
                .onFailure(LedgerEventConsumer::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely()
                .invoke(result -> LOG.debugf("Event %s (%s) of ledger %s: %s", event.eventId(), event.eventType(),
                        event.ledgerId(), result.duplicate() ? "duplicate, ignored" : result.deliveries() + " deliveries"))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> deadLetter(record,
                        new PoisonRecordException("the database rejected the event: " + e.getMessage(), e)));
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, PoisonRecordException e) {
        metrics.deadLettered();
        LOG.errorf("Unprocessable record %s-%d@%d (key %s) sent to the dead-letter topic: %s", record.topic(),
                record.partition(), record.offset(), record.key(), e.getMessage());
        return Uni.createFrom().failure(e);
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
