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
import io.laas.tenancy.LedgerScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps this service's copy of the IAM registry ({@code outbox.event.registry}): {@code ledger.created} creates
 * the ledger with sequence 0; {@code ledger.updated} (a rename) and {@code ledger.archived} record the ledger as
 * the event carries it ({@link LedgerRepository#record}: the newer name wins, an archive is kept once set), so
 * redelivered events, and events that cross the synchronous lookup of a ledger ({@code LedgerDirectory}), are
 * harmless. From the moment a {@code ledger.archived} is stored, every write to the ledger is refused (409
 * LEDGER_ARCHIVED, judged under the ledger's lock). The envelope is read by the shared reader of {@code
 * libs/events}. A record that can never be applied (not JSON, missing or invalid fields) is logged, counted
 * and sent to the dead-letter topic; database failures are retried with back-off for as long as the database
 * is away (the channel does not time out a waiting record, see application.properties), never skipped, so a
 * ledger (or its archive) is never lost.
 */
@ApplicationScoped
public class LedgerRegistryConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerRegistryConsumer.class);
    static final String LEDGER_CREATED = "ledger.created";
    static final String LEDGER_UPDATED = "ledger.updated";
    static final String LEDGER_ARCHIVED = "ledger.archived";

    /** A registry event this service applies: its type and the ledger as the event carries it. */
    record Change(String type, Ledger ledger) {
    }

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final EventEnvelopeReader envelopes;
    private final Counter learned;
    private final Counter poison;

    /** Writes the registry of every ledger: the batch datasource, outside any tenant's scope. */
    public LedgerRegistryConsumer(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool, LedgerRepository ledgers,
            MeterRegistry registry, ObjectMapper mapper) {
        this.pool = pool;
        this.ledgers = ledgers;
        this.envelopes = new EventEnvelopeReader(mapper);
        this.learned = Counter.builder("laas.ledger.registry.learned")
                .description("Ledgers created from registry events").register(registry);
        this.poison = Counter.builder("laas.ledger.registry.poison")
                .description("Registry records that could not be applied and went to the dead-letter topic")
                .register(registry);
    }

    @Incoming("ledger-registry")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        Change change;
        try {
            change = parse(record);
        } catch (PoisonEventException e) {
            poison.increment();
            LOG.errorf("Registry record %s-%d@%d cannot be applied (%s); sending it to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Uni.createFrom().failure(e);
        }
        if (change == null) {
            return Uni.createFrom().voidItem();
        }
        Ledger ledger = change.ledger();
        Uni<Boolean> stored = LEDGER_CREATED.equals(change.type())
                ? ledgers.insertIfAbsent(pool, ledger)
                : ledgers.record(pool, ledger);
        return stored
                .onFailure().invoke(e -> LOG.warnf(e, "Could not store ledger %s; retrying", ledger.id()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(created -> {
                    if (created) {
                        learned.increment();
                        LOG.infof("Learned ledger %s (%s, %s)", ledger.id(), ledger.code(), ledger.currency());
                    }
                    if (ledger.archived()) {
                        LOG.infof("Ledger %s is archived (since %s): it takes no more writes", ledger.id(),
                                ledger.archivedAt());
                    }
                })
                .replaceWithVoid();
    }

    /** The change a {@code ledger.created}, {@code ledger.updated} or {@code ledger.archived} record carries, else {@code null}. */
    Change parse(ConsumerRecord<String, String> record) {
        EventEnvelope event = envelopes.read(record);
        String type = event.eventType();
        if (!LEDGER_CREATED.equals(type) && !LEDGER_UPDATED.equals(type) && !LEDGER_ARCHIVED.equals(type)) {
            LOG.debugf("Ignoring registry event %s of type %s", event.eventId(), type);
            return null;
        }
        JsonNode body = event.body();
        String currency = EventFields.requiredText(body, "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw new PoisonEventException("currency is not an ISO 4217 code: '" + currency + "'");
        }
        OffsetDateTime createdAt = EventFields.timestamp(body, "created_at");
        OffsetDateTime updatedAt = null;
        OffsetDateTime archivedAt = null;
        if (!LEDGER_CREATED.equals(type)) {
            updatedAt = EventFields.timestamp(body, "updated_at");
            archivedAt = EventFields.timestamp(body, "archived_at");
            if (updatedAt == null) {
                throw new PoisonEventException(type + " without updated_at");
            }
            if (LEDGER_ARCHIVED.equals(type) && archivedAt == null) {
                throw new PoisonEventException("ledger.archived without archived_at");
            }
        }
        return new Change(type, new Ledger(event.ledgerId(), EventFields.requiredUuid(body, "org_id"),
                EventFields.requiredUuid(body, "project_id"), EventFields.requiredText(body, "code"),
                EventFields.requiredText(body, "name"), currency, Map.of(), 0,
                createdAt == null ? OffsetDateTime.now() : createdAt, updatedAt, archivedAt));
    }
}
