package io.laas.projector.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.events.PoisonEventException;
import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.AssetDeclared;
import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.projection.LedgerEvent.Unknown;

class LedgerEventParserTest {

    private final LedgerEventParser parser = new LedgerEventParser(new ObjectMapper());
    private final UUID ledger = UUID.randomUUID();

    @Test
    void headersStandInForAMissingEventIdAndTypeAndAreKeptForParking() {
        UUID eventId = UUID.randomUUID();
        LedgerEvent event = parse("{\"ledger_id\":\"" + ledger + "\",\"sequence\":4,\"data\":{}}",
                eventId.toString(), "ledger.renamed");
        assertEquals(eventId, event.eventId());
        assertEquals(4L, event.sequence());
        assertInstanceOf(Unknown.class, event.data());
        LedgerEvent reread = parse(event.raw(), null, null);
        assertEquals(eventId, reread.eventId());
        assertEquals("ledger.renamed", reread.eventType());
    }

    @Test
    void transactionPostingsKeepExactDecimalAmounts() {
        String value = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"transaction.posted\","
                + "\"ledger_id\":\"" + ledger + "\",\"sequence\":\"9\",\"recorded_at\":\"2026-11-21T15:00:00.123456Z\","
                + "\"data\":{\"transaction_id\":\"" + UUID.randomUUID() + "\",\"currency\":\"USD\","
                + "\"postings\":[{\"account_code\":\"cash\",\"direction\":\"DEBIT\",\"amount\":\"0.10\"},"
                + "{\"account_code\":\"sales\",\"direction\":\"credit\",\"amount\":0.10}]}}";
        TransactionPosted tx = (TransactionPosted) parse(value, null, null).data();
        assertEquals(new BigDecimal("0.10"), tx.postings().get(0).amount());
        assertEquals(0, new BigDecimal("0.1").compareTo(tx.postings().get(1).amount()));
        assertEquals("debit", tx.postings().get(0).direction());
        assertEquals("{}", tx.metadataJson());
    }

    @Test
    void recordsThatCanNeverBeProjectedArePoison() {
        String id = UUID.randomUUID().toString();
        assertPoison(null, "no value");
        assertPoison("{oops", "not JSON");
        assertPoison("[1,2]", "not a JSON object");
        assertPoison("{\"event_id\":\"" + id + "\",\"event_type\":\"x\",\"sequence\":1}", "ledger_id");
        assertPoison("{\"event_id\":\"" + id + "\",\"event_type\":\"x\",\"ledger_id\":\"" + ledger + "\"}", "sequence");
        assertPoison("{\"event_id\":\"" + id + "\",\"event_type\":\"x\",\"ledger_id\":\"" + ledger + "\",\"sequence\":0}",
                "sequence");
        assertPoison("{\"event_id\":\"" + id + "\",\"event_type\":\"transaction.posted\",\"ledger_id\":\"" + ledger
                + "\",\"sequence\":2,\"data\":{\"transaction_id\":\"" + id + "\",\"currency\":\"USD\",\"postings\":[]}}",
                "postings");
    }

    @Test
    void postingsTakeTheTransactionsCurrencyUnlessTheyNameTheirOwn() {
        String value = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"transaction.posted\","
                + "\"ledger_id\":\"" + ledger + "\",\"sequence\":5,"
                + "\"data\":{\"transaction_id\":\"" + UUID.randomUUID() + "\",\"currency\":\"USD\","
                + "\"postings\":[{\"account_code\":\"cash\",\"direction\":\"debit\",\"amount\":\"1.00\"},"
                + "{\"account_code\":\"wallet\",\"direction\":\"credit\",\"amount\":\"1.000000\",\"currency\":\"USDC\"}]}}";
        TransactionPosted tx = (TransactionPosted) parse(value, null, null).data();
        assertEquals("USD", tx.postings().get(0).currency());
        assertEquals("USDC", tx.postings().get(1).currency());
    }

    @Test
    void assetsAndAccountScalesAreRead() {
        LedgerEvent declared = parse("{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"asset.declared\","
                + "\"ledger_id\":\"" + ledger + "\",\"sequence\":1,\"recorded_at\":\"2026-11-21T15:00:00Z\","
                + "\"data\":{\"code\":\"USDC\",\"scale\":6}}", null, null);
        AssetDeclared asset = (AssetDeclared) declared.data();
        assertEquals("USDC", asset.code());
        assertEquals(6, asset.scale());
        assertEquals(declared.recordedAt(), asset.declaredAt());

        String id = UUID.randomUUID().toString();
        String account = "{\"event_id\":\"" + id + "\",\"event_type\":\"account.created\",\"ledger_id\":\"" + ledger
                + "\",\"sequence\":2,\"data\":{\"account_id\":\"" + id + "\",\"code\":\"w\",\"type\":\"asset\","
                + "\"currency\":\"USDC\"%s}}";
        assertEquals(6, ((AccountCreated) parse(account.formatted(",\"scale\":6"), null, null).data()).scale());
        assertEquals(null, ((AccountCreated) parse(account.formatted(""), null, null).data()).scale());
        assertPoison(account.formatted(",\"scale\":19"), "data.scale is not an integer from 0 to 18");
        assertPoison(account.formatted(",\"scale\":\"6\""), "data.scale is not an integer from 0 to 18");
        assertPoison("{\"event_id\":\"" + id + "\",\"event_type\":\"asset.declared\",\"ledger_id\":\"" + ledger
                + "\",\"sequence\":3,\"data\":{\"code\":\"USDC\"}}", "data.scale is missing");
    }

    @Test
    void stringWrappedValueAndQuotedHeadersAreRead() throws Exception {
        String envelope = "{\"ledger_id\":\"" + ledger + "\",\"sequence\":2,\"data\":{}}";
        UUID eventId = UUID.randomUUID();
        LedgerEvent event = parse(new ObjectMapper().writeValueAsString(envelope), eventId.toString(), "x.y");
        assertEquals(eventId, event.eventId());
        assertEquals(2L, event.sequence());
    }

    @Test
    void poisonKeepsWhatCouldBeReadOfItsIdentity() {
        UUID eventId = UUID.randomUUID();
        ParsedEvent.Unreadable badData = (ParsedEvent.Unreadable) parser.classify(new RawEvent(
                "{\"event_id\":\"" + eventId + "\",\"event_type\":\"account.created\",\"sequence\":3,\"data\":{}}",
                ledger.toString(), null, null, "test"));
        assertEquals(ledger, badData.ledgerId());
        assertEquals(3L, badData.sequence());
        assertEquals(eventId, badData.eventId());
        assertEquals("data.account_id is missing", badData.reason());

        ParsedEvent.Unreadable notJson = (ParsedEvent.Unreadable) parser.classify(new RawEvent("oops",
                ledger.toString(), eventId.toString(), "account.created", "test"));
        assertEquals(ledger, notJson.ledgerId());
        assertEquals(eventId, notJson.eventId());
        assertEquals(null, notJson.sequence());
        assertTrue(notJson.reason().startsWith("the value is not JSON"), notJson.reason());
    }

    private void assertPoison(String value, String reason) {
        PoisonEventException e = assertThrows(PoisonEventException.class, () -> parse(value, null, null));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private LedgerEvent parse(String value, String idHeader, String eventTypeHeader) {
        return parser.parse(new RawEvent(value, null, idHeader, eventTypeHeader, "test"));
    }
}
