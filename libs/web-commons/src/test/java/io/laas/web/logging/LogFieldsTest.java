package io.laas.web.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.laas.web.security.ApiKeyFormat;

class LogFieldsTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void anIdIsPutAsItIs() {
        UUID ledger = UUID.randomUUID();
        LogFields.put(LogFields.LEDGER_ID, ledger);
        assertEquals(ledger.toString(), LogFields.get(LogFields.LEDGER_ID));
    }

    @Test
    void nullBlankOrMalformedValuesAreLeftOut() {
        LogFields.put(LogFields.ORG_ID, null);
        LogFields.put(LogFields.ORG_ID, "");
        LogFields.put(LogFields.ORG_ID, "two words");
        LogFields.put(LogFields.ORG_ID, "x".repeat(129));
        assertNull(LogFields.get(LogFields.ORG_ID));
    }

    @Test
    void aWholeApiKeyBecomesItsPrefix() {
        String key = ApiKeyFormat.generate(true);
        LogFields.put(LogFields.CREDENTIAL_ID, key);
        assertEquals(ApiKeyFormat.prefix(key), LogFields.get(LogFields.CREDENTIAL_ID));
        assertNotEquals(key, LogFields.get(LogFields.CREDENTIAL_ID));
    }

    @Test
    void anEventsFieldsLastForItsLinesOnly() {
        LogFields.put(LogFields.LEDGER_ID, "batch-ledger");
        String[] seen = new String[3];
        LogFields.forEvent("event-1", "event-ledger", null, () -> {
            seen[0] = LogFields.get(LogFields.EVENT_ID);
            seen[1] = LogFields.get(LogFields.LEDGER_ID);
            seen[2] = LogFields.get(LogFields.ORG_ID);
        });
        assertEquals("event-1", seen[0]);
        assertEquals("event-ledger", seen[1]);
        assertNull(seen[2]);
        assertEquals("batch-ledger", LogFields.get(LogFields.LEDGER_ID));
        assertNull(LogFields.get(LogFields.EVENT_ID));
    }

    @Test
    void aSaneRequestIdIsKeptAndAnythingElseReplaced() {
        assertEquals("req-42", RequestIds.accepted("req-42"));
        String replaced = RequestIds.accepted("two words\n");
        assertEquals(4, UUID.fromString(replaced).version());
        assertEquals(4, UUID.fromString(RequestIds.accepted(null)).version());
    }
}
