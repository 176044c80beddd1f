package io.laas.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class EventEnvelopeReaderTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventEnvelopeReader reader = new EventEnvelopeReader(mapper);
    private final UUID eventId = UUID.randomUUID();
    private final UUID ledgerId = UUID.randomUUID();

    private String envelope() {
        return "{\"event_id\":\"" + eventId + "\",\"event_type\":\"transaction.posted\",\"ledger_id\":\"" + ledgerId
                + "\",\"sequence\":7,\"recorded_at\":\"2026-11-21T16:00:00.123456+01:00\",\"data\":{\"x\":1}}";
    }

    @Test
    void rawJsonEnvelopeIsRead() {
        EventEnvelope event = reader.read(record(envelope(), null, null, null));
        assertEquals(eventId, event.eventId());
        assertEquals("transaction.posted", event.eventType());
        assertEquals(ledgerId, event.ledgerId());
        assertEquals(7L, event.sequence());
        assertEquals(OffsetDateTime.parse("2026-11-21T15:00:00.123456Z"), event.recordedAt());
        assertEquals(1, event.data().path("x").asInt());
        assertEquals(envelope(), event.json());
        assertSame(event.json(), event.completedJson(), "nothing to complete");
    }

    @Test
    void anEnvelopeWithoutEpochBelongsToTheFirstAndOneWithItsEpochIsReadAsIs() {
        assertEquals(Epochs.FIRST, reader.read(record(envelope(), null, null, null)).epoch());
        String inEpoch3 = envelope().substring(0, envelope().length() - 1) + ",\"epoch\":3}";
        assertEquals(3, reader.read(record(inEpoch3, null, null, null)).epoch());
    }

    @Test
    void anEpochThatIsNoPositiveIntegerIsPoison() {
        for (String bad : new String[] {"0", "-2", "\"2\"", "1.5"}) {
            String value = envelope().substring(0, envelope().length() - 1) + ",\"epoch\":" + bad + "}";
            PoisonEventException e = assertThrows(PoisonEventException.class,
                    () -> reader.read(record(value, null, null, null)));
            assertEquals(true, e.getMessage().startsWith("epoch is not a positive integer"), e.getMessage());
        }
    }

    @Test
    void theHashThatLinksAnEnvelopeToItsLedgersChainIsKeptAsItCame() {
        String hashed = envelope().substring(0, envelope().length() - 1) + ",\"hash\":\"" + "ab".repeat(32) + "\"}";
        EventEnvelope event = reader.read(record(hashed, null, null, null));
        assertEquals(7L, event.sequence());
        assertEquals(hashed, event.json(), "consumers pass the envelope on with its hash (webhook bodies embed it)");
    }

    @Test
    void stringWrappedValueFromDebeziumsJsonConverterIsUnwrapped() throws Exception {
        String wrapped = mapper.writeValueAsString(envelope());
        EventEnvelope event = reader.read(record(wrapped, null, null, null));
        assertEquals(eventId, event.eventId());
        assertEquals(7L, event.sequence());
        assertEquals(envelope(), event.json(), "the JSON text is the unwrapped envelope");
    }

    @Test
    void converterSchemaEnvelopeIsUnwrappedWhetherThePayloadIsAStringOrAnObject() throws Exception {
        String schema = "{\"type\":\"string\",\"optional\":false}";
        String withString = "{\"schema\":" + schema + ",\"payload\":" + mapper.writeValueAsString(envelope()) + "}";
        String withObject = "{\"schema\":" + schema + ",\"payload\":" + envelope() + "}";
        assertEquals(eventId, reader.read(record(withString, null, null, null)).eventId());
        assertEquals(ledgerId, reader.read(record(withObject, null, null, null)).ledgerId());
    }

    @Test
    void headersAndKeyFillInWhatTheEnvelopeLacksAndTheEnvelopeWins() {
        String bare = "{\"sequence\":\"3\",\"data\":{}}";
        UUID headerId = UUID.randomUUID();
        EventEnvelope event = reader.read(record(bare, ledgerId.toString(), headerId.toString(), "account.created"));
        assertEquals(headerId, event.eventId());
        assertEquals("account.created", event.eventType());
        assertEquals(ledgerId, event.ledgerId());
        assertEquals(3L, event.sequence());
        assertNull(event.recordedAt());

        EventEnvelope reread = reader.read(event.completedJson(), null, null, null);
        assertEquals(headerId, reread.eventId());
        assertEquals("account.created", reread.eventType());
        assertEquals(ledgerId, reread.ledgerId());

        EventEnvelope envelopeWins = reader.read(record(envelope(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "other.type"));
        assertEquals(eventId, envelopeWins.eventId());
        assertEquals(ledgerId, envelopeWins.ledgerId());
        assertEquals("transaction.posted", envelopeWins.eventType());
    }

    @Test
    void jsonQuotedHeadersAreUnquoted() {
        UUID headerId = UUID.randomUUID();
        EventEnvelope event = reader.read(record("{\"sequence\":1}", ledgerId.toString(), "\"" + headerId + "\"",
                " \"ledger.renamed\" "));
        assertEquals(headerId, event.eventId());
        assertEquals("ledger.renamed", event.eventType());
    }

    @Test
    void eventWithoutSequenceIsReadButCannotBeOrdered() {
        EventEnvelope event = reader.read("{\"event_type\":\"ledger.created\",\"ledger_id\":\"" + ledgerId + "\"}",
                null, eventId.toString(), null);
        assertNull(event.sequence());
        assertPoison(event::requireSequence, "sequence is missing");
    }

    @Test
    void poisonReasonsNameTheFieldAndTheValue() {
        String id = UUID.randomUUID().toString();
        assertPoison(() -> reader.read(null, null, null, null), "the record has no value");
        assertPoison(() -> reader.read("  ", null, null, null), "the record has no value");
        assertPoison(() -> reader.read("{oops", null, null, null), "the value is not JSON: ");
        assertPoison(() -> reader.read("\"{oops\"", null, null, null),
                "the value is a JSON string that does not hold JSON: ");
        assertPoison(() -> reader.read("[1,2]", null, null, null), "the value is not a JSON object but an array");
        assertPoison(() -> reader.read("\"[1]\"", null, null, null), "the value is not a JSON object but an array");
        assertPoison(() -> reader.read("{\"event_type\":\"x\",\"ledger_id\":\"" + ledgerId + "\"}", null, null, null),
                "event_id is missing (and so is the header id)");
        assertPoison(() -> reader.read("{\"event_id\":\"nope\",\"event_type\":\"x\"}", null, null, null),
                "event_id is not a UUID: 'nope'");
        assertPoison(() -> reader.read("{\"event_id\":42}", null, null, null),
                "event_id is not a non-empty string but the number 42");
        assertPoison(() -> reader.read("{\"event_id\":\"" + id + "\",\"ledger_id\":\"" + ledgerId + "\"}", null, null,
                null), "event_type is missing (and so is the header eventType)");
        assertPoison(() -> reader.read("{\"event_id\":\"" + id + "\",\"event_type\":\"x\"}", null, null, null),
                "ledger_id is missing (and so is the record key)");
        assertPoison(() -> reader.read("{\"event_id\":\"" + id + "\",\"event_type\":\"x\"}", "poison-key", null, null),
                "ledger_id is not a UUID: 'poison-key'");
        String base = "{\"event_id\":\"" + id + "\",\"event_type\":\"x\",\"ledger_id\":\"" + ledgerId + "\"";
        assertPoison(() -> reader.read(base + ",\"sequence\":0}", null, null, null),
                "sequence is not a positive integer: 0");
        assertPoison(() -> reader.read(base + ",\"sequence\":-4}", null, null, null),
                "sequence is not a positive integer: -4");
        assertPoison(() -> reader.read(base + ",\"sequence\":1.5}", null, null, null),
                "sequence is not a positive integer: the number 1.5");
        assertPoison(() -> reader.read(base + ",\"sequence\":\"seven\"}", null, null, null),
                "sequence is not a positive integer: the string 'seven'");
        assertPoison(() -> reader.read(base + ",\"sequence\":1,\"recorded_at\":\"yesterday\"}", null, null, null),
                "recorded_at is not an ISO-8601 timestamp: 'yesterday'");
    }

    @Test
    void longValuesAreShortenedInReasons() {
        String longKey = "k".repeat(500);
        PoisonEventException e = assertThrows(PoisonEventException.class, () -> reader.read(
                "{\"event_id\":\"" + eventId + "\",\"event_type\":\"x\"}", longKey, null, null));
        assertEquals("ledger_id is not a UUID: '" + "k".repeat(80) + "…'", e.getMessage());
    }

    private static void assertPoison(org.junit.jupiter.api.function.Executable read, String reason) {
        PoisonEventException e = assertThrows(PoisonEventException.class, read);
        if (reason.endsWith(": ")) {
            assertEquals(reason, e.getMessage().substring(0, Math.min(reason.length(), e.getMessage().length())),
                    e.getMessage());
        } else {
            assertEquals(reason, e.getMessage());
        }
    }

    private static ConsumerRecord<String, String> record(String value, String key, String id, String eventType) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("outbox.event.ledger", 0, 0L, key, value);
        if (id != null) {
            record.headers().add(EventEnvelopeReader.ID_HEADER, id.getBytes(StandardCharsets.UTF_8));
        }
        if (eventType != null) {
            record.headers().add(EventEnvelopeReader.EVENT_TYPE_HEADER, eventType.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
