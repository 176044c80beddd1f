package io.laas.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event as read from a Kafka record by {@link EventEnvelopeReader}: the identity that every LaaS event
 * carries, and the whole envelope for the consumer to read its own fields from.
 *
 * @param eventId the envelope's {@code event_id}, else the record's {@code id} header
 * @param eventType the envelope's {@code event_type}, else the record's {@code eventType} header
 * @param ledgerId the envelope's {@code ledger_id}, else the record key
 * @param sequence the per-ledger {@code sequence} (a positive integer), or {@code null} when the event has none
 * @param recordedAt {@code recorded_at}, or {@code null} when the event has none
 * @param epoch the {@code epoch} the event was written in (a restore starts a new one); 1 when the event has none
 * @param body the envelope object as sent (read only: share it, do not change it)
 * @param json the envelope as JSON text, unwrapped when the value came string-wrapped, otherwise as sent
 */
public record EventEnvelope(UUID eventId, String eventType, UUID ledgerId, Long sequence, OffsetDateTime recordedAt,
        long epoch, ObjectNode body, String json) {

    /** The {@code data} member, or a missing node. */
    public JsonNode data() {
        return body.path("data");
    }

    /** The per-ledger sequence; an event without one is poison for a consumer that orders by it. */
    public long requireSequence() {
        if (sequence == null) {
            throw new PoisonEventException("sequence is missing");
        }
        return sequence;
    }

    /**
     * The envelope with {@code event_id}, {@code event_type} and {@code ledger_id} written in, so that a stored
     * copy can be read back on its own, without the record's headers and key.
     */
    public String completedJson() {
        if (body.path("event_id").isTextual() && body.path("event_type").isTextual()
                && body.path("ledger_id").isTextual()) {
            return json;
        }
        ObjectNode copy = body.deepCopy();
        copy.put("event_id", eventId.toString());
        copy.put("event_type", eventType);
        copy.put("ledger_id", ledgerId.toString());
        return copy.toString();
    }
}
