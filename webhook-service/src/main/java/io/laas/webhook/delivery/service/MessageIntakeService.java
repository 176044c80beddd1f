package io.laas.webhook.delivery.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.tenancy.LedgerScope;
import io.laas.webhook.delivery.LedgerEvent;
import io.laas.webhook.delivery.repository.DeliveryRepository;
import io.laas.webhook.delivery.repository.EndpointQueueRepository;
import io.laas.webhook.delivery.repository.MessageRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Turns consumed ledger events into messages and one pending delivery per matching endpoint, a whole
 * batch in one transaction of three multi-row statements, then wakes the dispatcher. A batch spans ledgers, so
 * it runs on the batch datasource (row-level security does not bind it).
 */
@ApplicationScoped
public class MessageIntakeService {

    /** {@code duplicates}: events stored before (or twice in the batch); nothing changed for them. */
    public record Intake(int stored, int duplicates, int deliveries) {
    }

    private final Pool pool;
    private final MessageRepository messages;
    private final DeliveryRepository deliveries;
    private final EndpointQueueRepository queues;
    private final DeliveryDispatcher dispatcher;
    private final WebhookMetrics metrics;

    public MessageIntakeService(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool,
            MessageRepository messages, DeliveryRepository deliveries,
            EndpointQueueRepository queues, DeliveryDispatcher dispatcher, WebhookMetrics metrics) {
        this.pool = pool;
        this.messages = messages;
        this.deliveries = deliveries;
        this.queues = queues;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    /**
     * Stores the events in one transaction: the message row doubles as the processed-event record (its
     * id is the event id), so an event already stored is skipped with its deliveries.
     */
    public Uni<Intake> accept(List<LedgerEvent> events) {
        Map<UUID, LedgerEvent> firstOfEachId = new LinkedHashMap<>();
        events.forEach(event -> firstOfEachId.putIfAbsent(event.eventId(), event));
        List<LedgerEvent> distinct = List.copyOf(firstOfEachId.values());
        return pool.withTransaction(conn -> messages.insertNew(conn, distinct)
                .flatMap(stored -> stored.isEmpty()
                        ? Uni.createFrom().item(new Intake(0, events.size(), 0))
                        : deliveries.createForMessages(conn, stored)
                                .flatMap(endpointIds -> queues.markDue(conn, endpointIds)
                                        .replaceWith(new Intake(stored.size(), events.size() - stored.size(),
                                                endpointIds.size())))))
                .invoke(intake -> {
                    metrics.eventsReceived(intake.stored(), intake.duplicates());
                    if (intake.deliveries() > 0) {
                        dispatcher.wakeUp();
                    }
                });
    }
}
