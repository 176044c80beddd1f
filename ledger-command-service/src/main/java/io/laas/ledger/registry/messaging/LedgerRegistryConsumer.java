package io.laas.ledger.registry.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Learns ledgers from the IAM registry ({@code ledger.created} on {@code outbox.event.registry}) and
 * creates this service's copy with sequence 0. Inserting is idempotent, so redelivered events are
 * harmless. A record that can never be applied (not JSON, missing or invalid fields) is logged,
 * counted and sent to the dead-letter topic; database failures are retried with back-off, never
 * skipped, so a ledger is never lost.
 */
@ApplicationScoped
public class LedgerRegistryConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerRegistryConsumer.class);
    static final String LEDGER_CREATED = "ledger.created";

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final Counter learned;
    private final Counter poison;

    public LedgerRegistryConsumer(Pool pool, LedgerRepository ledgers, MeterRegistry registry) {
        this.pool = pool;
        this.ledgers = ledgers;
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
        } catch (PoisonRecordException e) {
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
    static Ledger parse(ConsumerRecord<String, String> record) {
        JsonObject event;
        try {
            event = record.value() == null ? null : new JsonObject(record.value());
        } catch (DecodeException | ClassCastException e) {
            throw new PoisonRecordException("value is not a JSON object");
        }
        if (event == null) {
            throw new PoisonRecordException("value is empty");
        }
        String type = event.getString("event_type", header(record, "eventType"));
        if (!LEDGER_CREATED.equals(type)) {
            LOG.debugf("Ignoring registry event of type %s", type);
            return null;
        }
        try {
            String currency = required(event, "currency");
            if (!currency.matches("[A-Z]{3}")) {
                throw new PoisonRecordException("currency " + currency + " is not an ISO 4217 code");
            }
            String createdAt = event.getString("created_at");
            return new Ledger(UUID.fromString(required(event, "ledger_id")), UUID.fromString(required(event, "org_id")),
                    UUID.fromString(required(event, "project_id")), required(event, "code"), required(event, "name"),
                    currency, 0, createdAt == null ? OffsetDateTime.now() : OffsetDateTime.parse(createdAt));
        } catch (IllegalArgumentException | ClassCastException | java.time.format.DateTimeParseException e) {
            throw new PoisonRecordException("invalid ledger.created payload: " + e.getMessage());
        }
    }

    private static String required(JsonObject event, String field) {
        String value = event.getString(field);
        if (value == null || value.isBlank()) {
            throw new PoisonRecordException("field " + field + " is missing");
        }
        return value;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static final class PoisonRecordException extends IllegalArgumentException {
        PoisonRecordException(String message) {
            super(message);
        }
    }
}
