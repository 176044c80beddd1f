package io.laas.webhook.delivery.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.delivery.StoredMessage;
import io.laas.webhook.delivery.repository.DeliveryRepository;
import io.laas.webhook.delivery.repository.EndpointQueueRepository;
import io.laas.webhook.delivery.repository.MessageRepository;
import io.laas.webhook.endpoint.DisabledEndpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Tells a ledger's other endpoints that the service disabled one of them: an operational
 * {@code endpoint.disabled} message (docs/events.md, "Operational events"), stored and fanned out to the
 * ledger's enabled endpoints that subscribe to it, in the transaction that disabled the endpoint.
 */
@ApplicationScoped
public class EndpointDisabledEvents {

    public static final String EVENT_TYPE = "endpoint.disabled";

    private final MessageRepository messages;
    private final DeliveryRepository deliveries;
    private final EndpointQueueRepository queues;

    public EndpointDisabledEvents(MessageRepository messages, DeliveryRepository deliveries,
            EndpointQueueRepository queues) {
        this.messages = messages;
        this.deliveries = deliveries;
        this.queues = queues;
    }

    public Uni<Void> emit(SqlConnection conn, List<DisabledEndpoint> disabled) {
        if (disabled.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<StoredMessage> stored = new ArrayList<>(disabled.size());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (DisabledEndpoint endpoint : disabled) {
            UUID id = UUID.randomUUID();
            chain = chain.flatMap(v -> messages.insertOperational(conn, id, endpoint.ledgerId(), EVENT_TYPE,
                    envelope(id, endpoint)).invoke(stored::add).replaceWithVoid());
        }
        return chain.flatMap(v -> deliveries.createForMessages(conn, stored))
                .flatMap(endpointIds -> queues.markDue(conn, endpointIds));
    }

    /** {@code {event_id, event_type, ledger_id, recorded_at, data}}: no sequence nor hash, it is no ledger event. */
    static String envelope(UUID eventId, DisabledEndpoint endpoint) {
        JsonObject data = new JsonObject()
                .put("endpoint_id", endpoint.id().toString())
                .put("url", endpoint.url())
                .put("reason", endpoint.reason())
                .put("disabled_at", timestamp(endpoint.disabledAt()))
                .put("failing_since", timestamp(endpoint.failingSince()));
        return new JsonObject()
                .put("event_id", eventId.toString())
                .put("event_type", EVENT_TYPE)
                .put("ledger_id", endpoint.ledgerId().toString())
                .put("recorded_at", timestamp(endpoint.disabledAt()))
                .put("data", data)
                .encode();
    }

    private static String timestamp(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS).toString();
    }
}
