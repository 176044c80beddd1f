package io.laas.webhook.delivery.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.delivery.LedgerEvent;
import io.laas.webhook.delivery.repository.DeliveryRepository;
import io.laas.webhook.delivery.repository.MessageRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Turns a consumed ledger event into one message and one pending delivery per matching endpoint. */
@ApplicationScoped
public class MessageIntakeService {

    /** {@code duplicate}: the event was stored before, nothing changed. */
    public record Intake(boolean duplicate, int deliveries) {
    }

    private final Pool pool;
    private final MessageRepository messages;
    private final DeliveryRepository deliveries;
    private final WebhookMetrics metrics;

    public MessageIntakeService(Pool pool, MessageRepository messages, DeliveryRepository deliveries,
            WebhookMetrics metrics) {
        this.pool = pool;
        this.messages = messages;
        this.deliveries = deliveries;
        this.metrics = metrics;
    }

    /** One transaction: the message row doubles as the processed-event record (its id is the event id). */
    public Uni<Intake> accept(LedgerEvent event) {
        return pool.withTransaction(conn -> messages.insertIfAbsent(conn, event)
                .flatMap(inserted -> inserted
                        ? deliveries.createForMatchingEndpoints(conn, event.eventId(), event.ledgerId(), event.eventType())
                                .map(count -> new Intake(false, count))
                        : Uni.createFrom().item(new Intake(true, 0))))
                .invoke(intake -> metrics.eventReceived(intake.duplicate()));
    }
}
