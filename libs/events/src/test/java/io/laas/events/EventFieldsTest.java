package io.laas.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class EventFieldsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void typedFieldsAreReadExactly() throws Exception {
        JsonNode data = mapper.readTree("{\"amount\":\"100.10\",\"number\":0.10,\"at\":\"2026-01-01T01:00:00+01:00\","
                + "\"code\":\"cash\",\"nothing\":null}");
        assertEquals(new BigDecimal("100.10"), EventFields.requiredDecimal(data, "data.amount"));
        assertEquals(0, new BigDecimal("0.1").compareTo(EventFields.requiredDecimal(data, "data.number")));
        assertEquals(OffsetDateTime.parse("2026-01-01T00:00Z"), EventFields.timestamp(data, "data.at"));
        assertEquals("cash", EventFields.requiredText(data, "data.code"));
        assertNull(EventFields.text(data, "data.nothing"));
        assertNull(EventFields.uuid(data, "data.absent"));
    }

    @Test
    void badFieldsArePoisonNamingThePath() throws Exception {
        JsonNode posting = mapper.readTree("{\"amount\":\"ten\",\"account_id\":\"x\",\"meta\":{},\"flag\":true}");
        assertReason(() -> EventFields.requiredDecimal(posting, "data.postings[1].amount"),
                "data.postings[1].amount is not a decimal: 'ten'");
        assertReason(() -> EventFields.requiredDecimal(posting, "data.postings[1].flag"),
                "data.postings[1].flag is missing or not a decimal");
        assertReason(() -> EventFields.requiredUuid(posting, "data.postings[1].account_id"),
                "data.postings[1].account_id is not a UUID: 'x'");
        assertReason(() -> EventFields.requiredUuid(posting, "data.transaction_id"), "data.transaction_id is missing");
        assertReason(() -> EventFields.text(posting, "data.meta"), "data.meta is not a value but an object");
        assertReason(() -> EventFields.requiredText(posting, "data.currency"), "data.currency is missing");
    }

    private static void assertReason(org.junit.jupiter.api.function.Executable read, String reason) {
        assertEquals(reason, assertThrows(PoisonEventException.class, read).getMessage());
    }
}
