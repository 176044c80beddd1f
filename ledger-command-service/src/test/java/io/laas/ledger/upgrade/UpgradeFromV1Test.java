package io.laas.ledger.upgrade;

import static io.laas.ledger.LedgerFixtures.awaitRecords;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.laas.ledger.LedgerApi;
import io.laas.ledger.LedgerFixtures;
import io.laas.local.testing.LocalInfraTestResource;
import io.laas.local.testing.MigrationUpgrade;
import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * An upgrade from the first release: the schema at V1 with the rows V1's code wrote (src/test/resources/upgrade/
 * from-v1.sql), then this service started on it, its migrations taking it to the latest version. The ledger's
 * balances, its idempotency keys and its events are the current code's to serve: the events written before the hash
 * chain are linked (migration 5.1) so the ledger verifies, the unrelayed outbox rows go out with their hash, a key
 * used before the upgrade replays, and new writes continue the same sequence and chain.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
@QuarkusTestResource(value = MigrationUpgrade.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "schema", value = "ledger"),
        @ResourceArg(name = "seed", value = "src/test/resources/upgrade/from-v1.sql") })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeFromV1Test {

    private static final UUID LEDGER = UUID.fromString("0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01");
    private static final String ORDER_1 = "c0000001-0000-4000-8000-000000000001";
    private static final String REFUND_1 = "c0000001-0000-4000-8000-000000000003";

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    Flyway flyway;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    @Order(1)
    void theSchemaIsAtTheLatestVersionWithNothingPending() {
        MigrationInfo[] applied = flyway.info().applied();
        List<String> versions = Arrays.stream(applied).filter(m -> m.getVersion() != null)
                .map(m -> m.getVersion().getVersion()).toList();
        assertEquals("1", versions.get(0), "V1 was applied before the upgrade: " + versions);
        assertTrue(versions.contains("5.1"), "the events were linked: " + versions);
        assertEquals(0, flyway.info().pending().length);
        assertTrue(Arrays.stream(applied).allMatch(m -> m.getState().isApplied() && !m.getState().isFailed()));
    }

    @Test
    @Order(2)
    void flywayValidatesNeverReordersAndCannotClean() {
        assertTrue(flyway.getConfiguration().isValidateOnMigrate());
        assertFalse(flyway.getConfiguration().isOutOfOrder());
        assertTrue(flyway.getConfiguration().isCleanDisabled());
        assertThrows(FlywayException.class, flyway::clean);
        assertEquals(6L, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1", LEDGER), "clean changed nothing");
    }

    @Test
    @Order(3)
    void theLedgerWrittenBeforeTheUpgradeVerifies() {
        verify().statusCode(200)
                .body("verified", equalTo(true))
                .body("events_checked", equalTo(6))
                .body("last_sequence", equalTo(6))
                .body("last_hash", equalTo(lastHash()))
                .body("first_mismatch", nullValue());
    }

    @Test
    @Order(4)
    void balancesAndTheAccountModelCarryOver() {
        assertAccount("cash", "125.50", "10.00", "debit", 3);
        assertAccount("revenue", "10.00", "100.00", "credit", 2);
        assertAccount("payable", "0", "25.50", "credit", 1);
        assertEquals(3L, count(pool, "SELECT count(*) FROM transactions WHERE ledger_id = $1 AND status = 'posted'", LEDGER));
        assertEquals(List.of(4L, 5L, 6L), column("SELECT ledger_sequence FROM idempotency_keys WHERE ledger_id = $1"
                + " ORDER BY ledger_sequence"));
    }

    @Test
    @Order(5)
    void theOutboxRowsLeftByTheOldReleaseAreRelayedWithTheirHash() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(pool, "SELECT count(*) FROM outbox WHERE aggregateid = $1", LEDGER.toString()) == 0);
        List<ConsumerRecord<String, String>> relayed = awaitRecords(LedgerFixtures.LEDGER_TOPIC,
                record -> LEDGER.toString().equals(record.key()) && new JsonObject(record.value()).getLong("sequence") >= 5, 2);
        assertEquals(2, relayed.size());
        for (ConsumerRecord<String, String> record : relayed) {
            JsonObject published = new JsonObject(record.value());
            JsonObject stored = rows(pool, "SELECT payload FROM events WHERE ledger_id = $1 AND sequence = $2", LEDGER,
                    published.getLong("sequence")).iterator().next().getJsonObject("payload");
            assertNotNull(published.getString("hash"));
            assertEquals(stored, published);
        }
    }

    @Test
    @Order(6)
    void aKeyUsedBeforeTheUpgradeReplaysTheOriginalTransaction() {
        Map<String, Object> body = new HashMap<>(LedgerApi.transfer("order-1", "cash", "revenue", "100.00"));
        body.put("currency", "USD");
        body.put("metadata", Map.of("order", "A-1"));
        postTransaction(body).statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("transaction_id", equalTo(ORDER_1))
                .body("ledger_sequence", equalTo(4));
        body.put("metadata", Map.of("order", "A-2"));
        postTransaction(body).statusCode(409).contentType("application/problem+json");
        assertEquals(6L, LedgerFixtures.lastSequence(pool, LEDGER), "nothing written");
    }

    @Test
    @Order(7)
    void newWritesContinueTheSequenceAndTheChain() {
        postTransaction(LedgerApi.transfer("after-upgrade-1", "cash", "payable", "4.50")).statusCode(201)
                .body("ledger_sequence", equalTo(7));
        LedgerApi.post(LEDGER, "/transactions/" + REFUND_1 + "/reversal", Map.of("idempotency_key", "undo-refund-1"))
                .statusCode(201).body("reversal_of", equalTo(REFUND_1));
        LedgerApi.account(LEDGER, "fees", "expense", Map.of()).statusCode(201);

        assertAccount("cash", "140.00", "10.00", "debit", 5);
        assertAccount("revenue", "10.00", "110.00", "credit", 3);
        verify().statusCode(200)
                .body("verified", equalTo(true))
                .body("events_checked", equalTo(9))
                .body("last_sequence", equalTo(9))
                .body("first_mismatch", nullValue());
    }

    private void assertAccount(String code, String debits, String credits, String normalBalance, long version) {
        Row account = rows(pool, "SELECT * FROM accounts WHERE ledger_id = $1 AND code = $2", LEDGER, code).iterator().next();
        assertEquals(0, new BigDecimal(debits).compareTo(account.getBigDecimal("debits")), code + " debits");
        assertEquals(0, new BigDecimal(credits).compareTo(account.getBigDecimal("credits")), code + " credits");
        assertEquals(normalBalance, account.getString("normal_balance"), code);
        assertEquals(version, account.getLong("version"), code + " version");
        assertEquals("open", account.getString("status"), code);
    }

    private List<Long> column(String sql) {
        List<Long> values = new ArrayList<>();
        rows(pool, sql, LEDGER).forEach(row -> values.add(row.getLong(0)));
        return values;
    }

    private String lastHash() {
        return rows(pool, "SELECT last_hash FROM ledgers WHERE id = $1", LEDGER).iterator().next().getString(0);
    }

    private static ValidatableResponse verify() {
        return given().auth().oauth2(TestTokens.token(List.of(LEDGER), "ledger:read"))
                .when().get("/v1/ledgers/{id}/verify", LEDGER).then();
    }

    private static ValidatableResponse postTransaction(Object body) {
        return given().auth().oauth2(writeToken(LEDGER)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/ledgers/{id}/transactions", LEDGER).then();
    }
}
