package io.laas.iam.audit.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.events.EventEnvelope;
import io.laas.events.EventEnvelopeReader;
import io.laas.events.EventFields;
import io.laas.events.PoisonEventException;
import io.laas.iam.audit.Actor;
import io.laas.iam.audit.AuditEvent;
import io.laas.iam.audit.RequestSource;
import io.laas.iam.audit.service.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Appends the configuration changes of the other services to the audit log: {@code audit.recorded} events
 * on {@code outbox.event.audit}, each written by its service in the change's transaction. The event id is the
 * audit event's id, so a redelivered record appends nothing. A record that can never be appended (not JSON,
 * missing or invalid fields) is logged, counted and sent to the dead-letter topic; database failures are
 * retried with back-off for as long as the database is away, never skipped.
 */
@ApplicationScoped
public class AuditEventConsumer {

    private static final Logger LOG = Logger.getLogger(AuditEventConsumer.class);
    static final String AUDIT_RECORDED = "audit.recorded";
    private static final Set<String> ACTOR_TYPES = Set.of(Actor.PERSON, Actor.API_KEY, Actor.CLIENT, Actor.OPERATOR);
    private static final Pattern ACTION = Pattern.compile("[a-z_]+\\.[a-z_]+");

    private final Pool pool;
    private final AuditLog audit;
    private final EventEnvelopeReader envelopes;
    private final Counter poison;

    public AuditEventConsumer(Pool pool, AuditLog audit, MeterRegistry registry, ObjectMapper mapper) {
        this.pool = pool;
        this.audit = audit;
        this.envelopes = new EventEnvelopeReader(mapper);
        this.poison = Counter.builder("laas.iam.audit.poison")
                .description("Audit records that could not be appended and went to the dead-letter topic")
                .register(registry);
    }

    @Incoming("audit-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        AuditEvent event;
        try {
            event = parse(record);
        } catch (PoisonEventException e) {
            poison.increment();
            LOG.errorf("Audit record %s-%d@%d cannot be appended (%s); sending it to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Uni.createFrom().failure(e);
        }
        if (event == null) {
            return Uni.createFrom().voidItem();
        }
        return audit.append(pool, event)
                .onFailure().invoke(e -> LOG.warnf(e, "Could not append audit event %s; retrying", event.id()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    /** The audit event an {@code audit.recorded} record carries, else {@code null}. */
    AuditEvent parse(ConsumerRecord<String, String> record) {
        EventEnvelope envelope = envelopes.read(record);
        if (!AUDIT_RECORDED.equals(envelope.eventType())) {
            LOG.debugf("Ignoring audit topic event %s of type %s", envelope.eventId(), envelope.eventType());
            return null;
        }
        JsonNode body = envelope.body();
        OffsetDateTime occurredAt = EventFields.timestamp(body, "occurred_at");
        JsonNode actor = body.path("actor");
        String actorType = EventFields.requiredText(actor, "type");
        if (!ACTOR_TYPES.contains(actorType)) {
            throw new PoisonEventException("actor.type is not one of " + ACTOR_TYPES + ": '" + actorType + "'");
        }
        String action = EventFields.requiredText(body, "action");
        if (!ACTION.matcher(action).matches()) {
            throw new PoisonEventException("action is not an action: '" + action + "'");
        }
        JsonNode target = body.path("target");
        JsonNode source = body.path("source");
        return new AuditEvent(envelope.eventId(), 0, EventFields.requiredUuid(body, "organization_id"),
                occurredAt == null ? Instant.now() : occurredAt.toInstant(),
                new Actor(actorType, EventFields.text(actor, "id"), EventFields.text(actor, "display")), action,
                EventFields.requiredText(target, "type"), EventFields.text(target, "id"),
                new RequestSource(EventFields.text(source, "ip"), EventFields.text(source, "user_agent"),
                        EventFields.text(source, "request_id")),
                snapshot(body, "before"), snapshot(body, "after"), EventFields.requiredText(body, "service"));
    }

    private static JsonObject snapshot(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new PoisonEventException(name + " is not an object");
        }
        return new JsonObject(node.toString());
    }
}
