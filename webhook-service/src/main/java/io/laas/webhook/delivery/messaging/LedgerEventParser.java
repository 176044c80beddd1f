package io.laas.webhook.delivery.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.events.EventEnvelope;
import io.laas.events.EventEnvelopeReader;
import io.laas.events.PoisonEventException;
import io.laas.webhook.delivery.LedgerEvent;

/**
 * Reads an {@code outbox.event.ledger} record with the shared envelope reader ({@code libs/events}):
 * the envelope's fields win, the key and the headers {@code id} and {@code eventType} fill in what it
 * lacks, and a string-wrapped value is unwrapped. The payload kept is the envelope JSON as sent.
 */
final class LedgerEventParser {

    private LedgerEventParser() {
    }

    static LedgerEvent parse(ConsumerRecord<String, String> record, ObjectMapper mapper) {
        return event(envelope(record, mapper), null);
    }

    static EventEnvelope envelope(ConsumerRecord<String, String> record, ObjectMapper mapper) {
        try {
            return new EventEnvelopeReader(mapper).read(record);
        } catch (PoisonEventException e) {
            throw new PoisonRecordException(e.getMessage(), e);
        }
    }

    static LedgerEvent event(EventEnvelope envelope, String traceparent) {
        return new LedgerEvent(envelope.eventId(), envelope.ledgerId(), envelope.eventType(), envelope.json(),
                traceparent);
    }
}
