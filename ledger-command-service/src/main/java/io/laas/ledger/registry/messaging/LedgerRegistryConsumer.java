package io.laas.ledger.registry.messaging;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

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
import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Learns ledgers from the IAM registry ({@code ledger.created} on {@code outbox.event.registry}) and
 * creates this service's copy with sequence 0. Inserting is idempotent, so redelivered events are
 * harmless. The envelope is read by the shared reader of {@code libs/events}. A record that can never
 * be applied (not JSON, missing or invalid fields) is logged, counted and sent to the dead-letter
 * topic; database failures are retried with back-off for as long as the database is away (the channel
 * does not time out a waiting record, see application.properties), never skipped, so a ledger is never
 * lost.
 */
@ApplicationScoped
public class LedgerRegistryConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerRegistryConsumer.class);
    static final String LEDGER_CREATED = "ledger.created";

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final EventEnvelopeReader envelopes;
    private final Counter learned;
    private final Counter poison;

    public LedgerRegistryConsumer(Pool pool, LedgerRepository ledgers, MeterRegistry registry, ObjectMapper mapper) {
        this.pool = pool;
        this.ledgers = ledgers;
        this.envelopes = new EventEnvelopeReader(mapper);
        this.learned = Counter.builder("laas.ledger.registry.learned")
                .description("Ledgers created from ledger.created events").register(registry);
        this.poison = Counter.builder("laas.ledger.registry.poison")
                .description("Registry records that could not be applied and went to the dead-letter topic")
                .register(registry);
    }

    @Incoming("ledger-registry")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        Ledger ledger;
        try {
            ledger = parse(record);
        } catch (PoisonEventException e) {
            poison.increment();
            LOG.errorf("Registry record %s-%d@%d cannot be applied (%s); sending it to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Uni.createFrom().failure(e);
        }
        if (ledger == null) {
            return Uni.createFrom().voidItem();
        }
        return ledgers.insertIfAbsent(pool, ledger)
                .onFailure().invoke(e -> LOG.warnf(e, "Could not store ledger %s; retrying", ledger.id()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(created -> {
                    if (created) {
                        learned.increment();
                        LOG.infof("Learned ledger %s (%s, %s)", ledger.id(), ledger.code(), ledger.currency());
                    }
                })
                .replaceWithVoid();
    }

    /** The ledger of a {@code ledger.created} record, or {@code null} for other event types. */
    Ledger parse(ConsumerRecord<String, String> record) {
        EventEnvelope event = envelopes.read(record);
        if (!LEDGER_CREATED.equals(event.eventType())) {
            LOG.debugf("Ignoring registry event %s of type %s", event.eventId(), event.eventType());
            return null;
        }
        JsonNode body = event.body();
        String currency = EventFields.requiredText(body, "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw new PoisonEventException("currency is not an ISO 4217 code: '" + currency + "'");
        }
        OffsetDateTime createdAt = EventFields.timestamp(body, "created_at");
        return new Ledger(event.ledgerId(), EventFields.requiredUuid(body, "org_id"),
                EventFields.requiredUuid(body, "project_id"), EventFields.requiredText(body, "code"),
                EventFields.requiredText(body, "name"), currency, Map.of(), 0,
                createdAt == null ? OffsetDateTime.now() : createdAt);
    }
}
