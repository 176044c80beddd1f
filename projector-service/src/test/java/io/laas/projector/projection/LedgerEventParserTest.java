package io.laas.projector.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.events.PoisonEventException;
import io.laas.projector.projection.LedgerEvent.AccountCreated;
import io.laas.projector.projection.LedgerEvent.AccountUpdated;
import io.laas.projector.projection.LedgerEvent.AssetDeclared;
import io.laas.projector.projection.LedgerEvent.Limits;
import io.laas.projector.projection.LedgerEvent.TransactionCommitted;
import io.laas.projector.projection.LedgerEvent.TransactionPosted;
import io.laas.projector.projection.LedgerEvent.TransactionPosted.Kind;
import io.laas.projector.projection.LedgerEvent.TransactionVoided;
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

    @Test
    void accountCreatedOfOlderEventsTakesTheDefaultsOfTheContract() {
        for (String type : List.of("asset", "expense", "liability", "equity", "revenue")) {
            AccountCreated account = (AccountCreated) parse(envelope("account.created", 1,
                    "{\"account_id\":\"" + UUID.randomUUID() + "\",\"code\":\"a\",\"type\":\"" + type.toUpperCase()
                            + "\",\"currency\":\"USD\"}"), null, null).data();
            assertEquals(type.equals("asset") || type.equals("expense") ? "debit" : "credit", account.normalBalance(), type);
            assertEquals("open", account.status());
            assertEquals(Limits.NONE, account.limits());
            assertEquals("{}", account.metadataJson());
            assertEquals(0, account.version());
            assertNull(account.parentId());
            assertNull(account.parentCode());
        }
    }

    @Test
    void accountCreatedReadsNormalBalanceParentStatusLimitsMetadataAndVersion() {
        UUID parent = UUID.randomUUID();
        AccountCreated account = (AccountCreated) parse(envelope("account.created", 1, "{\"account_id\":\""
                + UUID.randomUUID() + "\",\"code\":\"allowance\",\"type\":\"liability\",\"normal_balance\":\"debit\","
                + "\"currency\":\"USD\",\"scale\":2,\"parent_id\":\"" + parent + "\",\"parent_code\":\"loans\","
                + "\"status\":\"frozen\",\"limits\":{\"min_balance\":\"0.00\",\"max_balance\":null},"
                + "\"metadata\":{\"k\":\"v\"},\"version\":3}"), null, null).data();
        assertEquals("debit", account.normalBalance(), "a contra account names its normal balance");
        assertEquals(parent, account.parentId());
        assertEquals("loans", account.parentCode());
        assertEquals("frozen", account.status());
        assertEquals(new Limits(new BigDecimal("0.00"), null), account.limits());
        assertEquals("{\"k\":\"v\"}", account.metadataJson());
        assertEquals(3, account.version());
    }

    @Test
    void accountUpdatedCarriesTheNewStateAndLeavesAbsentPartsAsTheyAre() {
        UUID id = UUID.randomUUID();
        AccountUpdated whole = (AccountUpdated) parse(envelope("account.updated", 4, "{\"account_id\":\"" + id
                + "\",\"code\":\"w\",\"name\":\"Wallet\",\"status\":\"closed\",\"previous_status\":\"open\","
                + "\"limits\":{\"min_balance\":\"-5.00\",\"max_balance\":\"1000.00\"},\"metadata\":{\"tier\":2},"
                + "\"changed\":[\"status\"],\"updated_at\":\"2026-11-21T15:00:00Z\"}"), null, null).data();
        assertEquals(new AccountUpdated(id, "w", "Wallet", "closed",
                new Limits(new BigDecimal("-5.00"), new BigDecimal("1000.00")), "{\"tier\":2}",
                OffsetDateTime.parse("2026-11-21T15:00:00Z")), whole);

        AccountUpdated partial = (AccountUpdated) parse(envelope("account.updated", 5, "{\"code\":\"w\","
                + "\"status\":\"open\",\"limits\":null}"), null, null).data();
        assertNull(partial.accountId());
        assertNull(partial.name());
        assertNull(partial.metadataJson(), "absent metadata stays as it is");
        assertEquals(Limits.NONE, partial.limits(), "null limits make the account unbounded");
    }

    @Test
    void holdsReversalsCommitsAndVoidsAreRead() {
        UUID tx = UUID.randomUUID();
        UUID original = UUID.randomUUID();
        String postings = "\"postings\":[{\"account_code\":\"cash\",\"direction\":\"credit\",\"amount\":\"2.00\","
                + "\"account_version\":7,\"original_posting\":1},{\"account_code\":\"sales\",\"direction\":\"debit\","
                + "\"amount\":\"2.00\",\"account_version\":\"4\"}]";
        TransactionPosted pending = (TransactionPosted) parse(envelope("transaction.pending", 2, "{\"transaction_id\":\""
                + tx + "\",\"currency\":\"USD\",\"expires_at\":\"2026-12-01T00:00:00Z\"," + postings + "}"), null, null)
                .data();
        assertEquals(Kind.PENDING, pending.kind());
        assertEquals("pending", pending.kind().status());
        assertEquals(OffsetDateTime.parse("2026-12-01T00:00:00Z"), pending.expiresAt());

        TransactionPosted reversal = (TransactionPosted) parse(envelope("transaction.reversed", 3, "{\"transaction_id\":\""
                + tx + "\",\"currency\":\"USD\",\"reversal_of\":\"" + original + "\"," + postings + "}"), null, null)
                .data();
        assertEquals(Kind.REVERSAL, reversal.kind());
        assertEquals("posted", reversal.kind().status());
        assertEquals(original, reversal.reversalOf());
        assertEquals(7L, reversal.postings().get(0).accountVersion());
        assertEquals(1, reversal.postings().get(0).originalPosting());
        assertEquals(4L, reversal.postings().get(1).accountVersion());
        assertNull(reversal.postings().get(1).originalPosting(), "no original_posting: the posting's own index");

        LedgerEvent commitEvent = parse(envelope("transaction.committed", 4, "{\"transaction_id\":\"" + tx + "\","
                + postings + ",\"released\":[],\"partial\":false}"), null, null);
        TransactionCommitted commit = (TransactionCommitted) commitEvent.data();
        assertEquals(commitEvent.recordedAt(), commit.committedAt(), "no occurred_at: the time of recording");
        assertNull(commit.postings().get(0).currency(), "a commit names no currency: the held posting's applies");

        TransactionVoided voided = (TransactionVoided) parse(envelope("transaction.voided", 5, "{\"transaction_id\":\""
                + tx + "\",\"reason\":\"expired\",\"voided_at\":\"2026-12-01T00:00:01Z\"}"), null, null).data();
        assertEquals(new TransactionVoided(tx, "expired", OffsetDateTime.parse("2026-12-01T00:00:01Z")), voided);

        for (String type : List.of("schedule.created", "schedule.updated", "schedule.run_failed")) {
            assertInstanceOf(Unknown.class, parse(envelope(type, 6, "{\"schedule_id\":\"" + tx + "\"}"), null, null)
                    .data(), type);
        }
    }

    @Test
    void lifecycleDataTheContractDoesNotAllowIsPoison() {
        String id = UUID.randomUUID().toString();
        String posting = "{\"account_code\":\"cash\",\"direction\":\"debit\",\"amount\":\"%s\"%s}";
        String tx = "{\"transaction_id\":\"" + id + "\",\"currency\":\"USD\",\"postings\":[" + posting + "]}";
        assertPoison(envelope("transaction.reversed", 1, tx.formatted("1.00", "")), "data.reversal_of is missing");
        assertPoison(envelope("transaction.posted", 1, tx.formatted("-1.00", "")),
                "data.postings[0].amount is negative: '-1.00'");
        assertPoison(envelope("transaction.posted", 1, tx.formatted("1.00", ",\"direction\":\"sideways\"")),
                "data.postings[0].direction is not one of credit, debit: 'sideways'");
        assertPoison(envelope("transaction.posted", 1, tx.formatted("1.00", ",\"account_version\":-1")),
                "data.postings[0].account_version is not a non-negative integer: '-1'");
        assertPoison(envelope("transaction.voided", 1, "{\"transaction_id\":\"" + id + "\",\"reason\":\"cancelled\"}"),
                "data.reason is not one of expired, voided: 'cancelled'");
        assertPoison(envelope("transaction.voided", 1, "{\"transaction_id\":\"" + id + "\"}"), "data.reason is missing");
        assertPoison(envelope("transaction.committed", 1, "{\"transaction_id\":\"" + id + "\"}"),
                "data.postings is missing or empty");
        String account = "{\"account_id\":\"" + id + "\",\"code\":\"a\",\"type\":\"asset\",\"currency\":\"USD\",%s}";
        assertPoison(envelope("account.created", 1, account.formatted("\"status\":\"deleted\"")),
                "data.status is not one of closed, frozen, open: 'deleted'");
        assertPoison(envelope("account.created", 1, account.formatted("\"normal_balance\":\"both\"")),
                "data.normal_balance is not one of credit, debit: 'both'");
        assertPoison(envelope("account.created", 1, account.formatted("\"limits\":\"none\"")),
                "data.limits is not an object");
        assertPoison(envelope("account.created", 1, account.formatted("\"limits\":{\"min_balance\":\"low\"}")),
                "data.limits.min_balance is not a decimal: 'low'");
        assertPoison(envelope("account.updated", 1, "{\"status\":\"open\"}"),
                "data.account_id and data.code are both missing");
    }

    private String envelope(String type, long sequence, String data) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"" + type + "\",\"ledger_id\":\"" + ledger
                + "\",\"sequence\":" + sequence + ",\"recorded_at\":\"2026-11-21T15:00:00.123456Z\",\"data\":" + data + "}";
    }

    private void assertPoison(String value, String reason) {
        PoisonEventException e = assertThrows(PoisonEventException.class, () -> parse(value, null, null));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private LedgerEvent parse(String value, String idHeader, String eventTypeHeader) {
        return parser.parse(new RawEvent(value, null, idHeader, eventTypeHeader, "test"));
    }
}
