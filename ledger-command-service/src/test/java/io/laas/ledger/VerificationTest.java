package io.laas.ledger;

import static io.laas.ledger.ChainFixtures.lastHash;
import static io.laas.ledger.ChainFixtures.readToken;
import static io.laas.ledger.ChainFixtures.storedEnvelopes;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.laas.ledger.event.EventChain;
import io.laas.ledger.event.migration.LinkExistingEvents;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * GET /v1/ledgers/{id}/verify recomputes the chain and replays the balances: it verifies an untouched ledger,
 * names the first event, gap or account that was changed behind the service's back, and reads without the
 * ledger's lock.
 */
@QuarkusTest
class VerificationTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void anUntouchedLedgerVerifies() {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        verify(ledger).statusCode(200).contentType("application/json")
                .body("ledger_id", equalTo(ledger.toString()))
                .body("verified", equalTo(true))
                .body("events_checked", equalTo(9))
                .body("last_sequence", equalTo(9))
                .body("last_hash", equalTo(lastHash(pool, ledger)))
                .body("first_mismatch", nullValue());
    }

    @Test
    void aLedgerWithoutEventsVerifiesAtItsGenesis() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        verify(ledger).statusCode(200)
                .body("verified", equalTo(true)).body("events_checked", equalTo(0)).body("last_sequence", equalTo(0))
                .body("last_hash", equalTo(EventChain.genesis(ledger)));
    }

    @Test
    void anAmountChangedInTheEventStoreIsNamedByItsSequence() {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        JsonObject sale = storedEnvelopes(pool, ledger).get(5); // sequence 6: sale-1
        assertEquals("sale-1", sale.getJsonObject("data").getString("idempotency_key"));
        rows(pool, """
                UPDATE events SET payload = jsonb_set(payload, '{data,postings,0,amount}', '"1000.00"')
                WHERE ledger_id = $1 AND sequence = 6""", ledger);

        JsonPath result = verify(ledger).statusCode(200)
                .body("verified", equalTo(false))
                .body("events_checked", equalTo(6))
                .body("last_sequence", equalTo(5))
                .body("first_mismatch.sequence", equalTo(6))
                .body("first_mismatch.event_id", equalTo(sale.getString("event_id")))
                .body("first_mismatch.kind", equalTo("hash"))
                .body("first_mismatch.actual", equalTo(sale.getString("hash")))
                .extract().jsonPath();
        assertFalse(result.getString("first_mismatch.expected").equals(sale.getString("hash")));
        assertEquals(storedEnvelopes(pool, ledger).get(4).getString("hash"), result.getString("last_hash"));
    }

    @Test
    void aDeletedEventIsASequenceGap() {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        rows(pool, "DELETE FROM events WHERE ledger_id = $1 AND sequence = 3", ledger);
        verify(ledger).statusCode(200)
                .body("verified", equalTo(false))
                .body("first_mismatch.kind", equalTo("sequence_gap"))
                .body("first_mismatch.sequence", equalTo(3))
                .body("first_mismatch.expected", equalTo("3"))
                .body("first_mismatch.actual", equalTo("4"));

        UUID tail = ChainFixtures.populatedLedger(pool);
        rows(pool, "DELETE FROM events WHERE ledger_id = $1 AND sequence = 9", tail);
        verify(tail).statusCode(200)
                .body("verified", equalTo(false)).body("events_checked", equalTo(8))
                .body("first_mismatch.kind", equalTo("sequence_gap"))
                .body("first_mismatch.sequence", equalTo(9)).body("first_mismatch.actual", nullValue());
    }

    @Test
    void aBalanceChangedInTheWriteModelNamesTheAccount() {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        // cash: debited 10.00 and 2.50, credited 0.50 (the refund at sequence 9)
        rows(pool, "UPDATE accounts SET debits = debits + 0.01 WHERE ledger_id = $1 AND code = 'cash'", ledger);
        verify(ledger).statusCode(200)
                .body("verified", equalTo(false))
                .body("events_checked", equalTo(9))
                .body("first_mismatch.kind", equalTo("balance"))
                .body("first_mismatch.account_code", equalTo("cash"))
                .body("first_mismatch.field", equalTo("debits"))
                .body("first_mismatch.expected", equalTo("12.50"))
                .body("first_mismatch.actual", equalTo("12.51"))
                .body("first_mismatch.sequence", equalTo(9))
                .body("first_mismatch.event_id", equalTo(storedEnvelopes(pool, ledger).get(8).getString("event_id")));

        UUID deleted = ChainFixtures.populatedLedger(pool);
        rows(pool, "DELETE FROM accounts WHERE ledger_id = $1 AND code = 'usdc-float'", deleted);
        verify(deleted).statusCode(200)
                .body("verified", equalTo(false))
                .body("first_mismatch.kind", equalTo("balance"))
                .body("first_mismatch.account_code", equalTo("usdc-float"))
                .body("first_mismatch.field", equalTo("credits"))
                .body("first_mismatch.expected", equalTo("1.123456"))
                .body("first_mismatch.actual", nullValue());
    }

    @Test
    void theLedgersHeadMustBeItsLastEventsHash() {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        String head = lastHash(pool, ledger);
        rows(pool, "UPDATE ledgers SET last_hash = $2 WHERE id = $1", ledger, "0".repeat(64));
        verify(ledger).statusCode(200)
                .body("verified", equalTo(false))
                .body("first_mismatch.kind", equalTo("hash"))
                .body("first_mismatch.sequence", equalTo(9))
                .body("first_mismatch.expected", equalTo(head))
                .body("first_mismatch.actual", equalTo("0".repeat(64)));
    }

    @Test
    void verificationReadsWithoutTheLedgersLock() throws Exception {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        SqlConnection holder = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            holder.query("BEGIN").execute().await().atMost(Duration.ofSeconds(10));
            holder.preparedQuery("SELECT last_sequence FROM ledgers WHERE id = $1 FOR UPDATE")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(ledger)).await().atMost(Duration.ofSeconds(10));
            // a writer would wait here; the verification does not
            CompletableFuture<Boolean> verified = CompletableFuture.supplyAsync(
                    () -> verify(ledger).statusCode(200).extract().<Boolean>path("verified"));
            assertTrue(verified.get(20, TimeUnit.SECONDS));
        } finally {
            holder.query("ROLLBACK").execute().await().atMost(Duration.ofSeconds(10));
            holder.close().await().atMost(Duration.ofSeconds(10));
        }
    }

    /**
     * Transactions commit while the ledger is verified again and again: each verification reads one snapshot,
     * so the events it replays and the balances it compares them with always agree.
     */
    @Test
    void verificationSeesOneSnapshotWhileTransactionsCommit() throws Exception {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; writing.get() && i < 200; i++) {
                    ChainFixtures.post(ledger, "w" + writer + "-" + i, "cash", "revenue", "1.00", null, null);
                }
            }));
        }
        try {
            int verifications = 0;
            long deadline = System.currentTimeMillis() + 20_000;
            while (verifications < 30 && System.currentTimeMillis() < deadline) {
                verify(ledger).statusCode(200).body("verified", equalTo(true)).body("first_mismatch", nullValue());
                verifications++;
            }
            assertTrue(verifications >= 5, "verified " + verifications + " times");
        } finally {
            writing.set(false);
            writers.forEach(CompletableFuture::join);
        }
        verify(ledger).statusCode(200).body("verified", equalTo(true))
                .body("last_sequence", equalTo((int) LedgerFixtures.lastSequence(pool, ledger)));
    }

    /** Events stored before the chain existed are linked by migration 5.1, exactly as a writer would have. */
    @Test
    void theMigrationLinksEventsStoredWithoutAHash() throws Exception {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        List<JsonObject> linked = storedEnvelopes(pool, ledger);
        rows(pool, "UPDATE events SET payload = payload - 'hash' WHERE ledger_id = $1", ledger);
        rows(pool, "UPDATE ledgers SET last_hash = NULL WHERE id = $1", ledger);
        verify(ledger).statusCode(200).body("verified", equalTo(false))
                .body("first_mismatch.sequence", equalTo(1)).body("first_mismatch.kind", equalTo("hash"))
                .body("first_mismatch.actual", nullValue());
        // a write now would start a second chain: it is refused
        given().auth().oauth2(writeToken(ledger)).contentType("application/json")
                .body("{\"code\": \"late\", \"name\": \"Late\", \"type\": \"asset\"}")
                .when().post("/v1/ledgers/{id}/accounts", ledger).then().statusCode(500);

        // as a data migration after V8 would run it: with row-level security lifted for its own transaction
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("ALTER TABLE ledgers NO FORCE ROW LEVEL SECURITY; ALTER TABLE events NO FORCE ROW LEVEL"
                    + " SECURITY; ALTER TABLE outbox NO FORCE ROW LEVEL SECURITY");
            assertTrue(LinkExistingEvents.linkAll(connection) >= 9);
            statement.execute("ALTER TABLE ledgers FORCE ROW LEVEL SECURITY; ALTER TABLE events FORCE ROW LEVEL SECURITY;"
                    + " ALTER TABLE outbox FORCE ROW LEVEL SECURITY");
            connection.commit();
        }

        assertEquals(linked, storedEnvelopes(pool, ledger), "the same hashes as when they were written");
        assertEquals(linked.get(8).getString("hash"), lastHash(pool, ledger));
        verify(ledger).statusCode(200).body("verified", equalTo(true)).body("events_checked", equalTo(9));
        ChainFixtures.account(ledger, "late", "asset", null);
        verify(ledger).statusCode(200).body("verified", equalTo(true)).body("events_checked", equalTo(10));
    }

    @Test
    void onlyATokenThatReadsTheLedgerMayVerifyIt() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        given().when().get("/v1/ledgers/{id}/verify", ledger).then().statusCode(401);
        given().auth().oauth2(writeToken(ledger)).when().get("/v1/ledgers/{id}/verify", ledger).then()
                .statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(readToken(UUID.randomUUID())).when().get("/v1/ledgers/{id}/verify", ledger).then()
                .statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        UUID unknown = UUID.randomUUID();
        given().auth().oauth2(readToken(unknown)).when().get("/v1/ledgers/{id}/verify", unknown).then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("LEDGER_NOT_FOUND"));
    }

    private static ValidatableResponse verify(UUID ledger) {
        return given().auth().oauth2(readToken(ledger)).when().get("/v1/ledgers/{id}/verify", ledger).then();
    }
}
