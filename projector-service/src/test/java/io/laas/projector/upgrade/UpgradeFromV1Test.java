package io.laas.projector.upgrade;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.local.testing.MigrationUpgrade;
import io.laas.projector.TestLedger;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * An upgrade from the first release: the read models at V1 holding what V1's projector wrote for the ledger of the
 * command service's upgrade rows, as far as its events had reached Kafka (src/test/resources/upgrade/from-v1.sql),
 * then this service started on them, its migrations taking the schema to the latest version. The current code serves
 * the old ledger (balances, the transaction list, a statement from the entries V7 derived), ignores a redelivered old
 * event, applies the two events the command service's outbox still held, and a new one effective before all of them.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
@QuarkusTestResource(value = MigrationUpgrade.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "schema", value = "projector"),
        @ResourceArg(name = "seed", value = "src/test/resources/upgrade/from-v1.sql") })
class UpgradeFromV1Test {

    private static final UUID LEDGER = UUID.fromString("0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01");
    private static final Map<String, UUID> ACCOUNTS = Map.of(
            "cash", UUID.fromString("a0000001-0000-4000-8000-000000000001"),
            "revenue", UUID.fromString("a0000001-0000-4000-8000-000000000002"),
            "payable", UUID.fromString("a0000001-0000-4000-8000-000000000003"));
    private static final String SALE = "c0000001-0000-4000-8000-000000000001";
    private static final String SECOND_SALE = "c0000001-0000-4000-8000-000000000002";
    private static final String REFUND = "c0000001-0000-4000-8000-000000000003";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Checks span the whole schema: the batch datasource, which row-level security does not bind. */
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
    void theOldLedgerIsServedAndTakesItsNextEvents() {
        List<String> versions = Arrays.stream(flyway.info().applied()).filter(m -> m.getVersion() != null)
                .map(m -> m.getVersion().getVersion()).toList();
        assertEquals("1", versions.get(0), versions.toString());
        assertEquals(0, flyway.info().pending().length);
        assertThrows(FlywayException.class, flyway::clean);

        // what the migrations derived from V1's rows
        assertEquals(List.of("cash debit 1", "payable credit 0", "revenue credit 1"), strings(
                "SELECT code || ' ' || normal_balance || ' ' || version FROM accounts ORDER BY code"));
        assertEquals(List.of("4 0 USD", "4 1 USD"),
                strings("SELECT sequence || ' ' || position || ' ' || currency FROM postings ORDER BY position"));
        assertEquals(List.of("cash 1 " + LEDGER, "revenue 1 " + LEDGER), strings(
                "SELECT a.code || ' ' || count(*) || ' ' || e.ledger_id FROM account_entries e"
                        + " JOIN accounts a ON a.id = e.account_id GROUP BY a.code, e.ledger_id ORDER BY a.code"));

        TestLedger ledger = new TestLedger(LEDGER, 4, ACCOUNTS);
        account(ledger, "cash").body("balance", equalTo("100.00")).body("debits", equalTo("100.00"))
                .body("credits", equalTo("0.00")).body("status", equalTo("open"));
        account(ledger, "revenue").body("balance", equalTo("100.00"));
        account(ledger, "payable").body("balance", equalTo("0.00"));
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/transactions", LEDGER)
                .then().statusCode(200)
                .body("data.id", contains(SALE))
                .body("data.status", contains("posted"))
                .body("data.metadata.order", contains("A-1"));
        statement(ledger).body("opening_balance", equalTo("0.00")).body("closing_balance", equalTo("100.00"))
                .body("data.transaction_id", contains(SALE))
                .body("data.balance", contains("100.00"));

        // the relay publishing event 4 again (already projected) changes nothing; then events 5 and 6, which the
        // command service's outbox still held, and 7, new, effective on 5 November, before all of them
        new TestLedger(LEDGER, 3, ACCOUNTS).transaction("transaction.posted", UUID.fromString(SALE),
                occurred("2026-11-21T10:05:04.000456Z"), ledger.posting("cash", "debit", "100.00"),
                ledger.posting("revenue", "credit", "100.00")).withId(event(4)).send();
        ledger.transaction("transaction.posted", UUID.fromString(SECOND_SALE), occurred("2026-11-21T10:05:05.000456Z"),
                ledger.posting("cash", "debit", "25.50"), ledger.posting("payable", "credit", "25.50"))
                .withId(event(5)).send();
        ledger.transaction("transaction.posted", UUID.fromString(REFUND), occurred("2026-11-21T10:05:06.000456Z"),
                ledger.posting("revenue", "debit", "10.00"), ledger.posting("cash", "credit", "10.00"))
                .withId(event(6)).send();
        UUID topUp = UUID.randomUUID();
        ledger.transaction("transaction.posted", topUp, occurred("2026-11-05T08:00:00Z"),
                ledger.posting("cash", "debit", "4.50"), ledger.posting("revenue", "credit", "4.50")).send();

        await().atMost(WAIT).untilAsserted(() -> account(ledger, "cash").body("balance", equalTo("120.00")));
        account(ledger, "revenue").body("balance", equalTo("94.50")).body("debits", equalTo("10.00"))
                .body("credits", equalTo("104.50"));
        account(ledger, "payable").body("balance", equalTo("25.50"));
        statement(ledger).body("opening_balance", equalTo("0.00")).body("closing_balance", equalTo("120.00"))
                .body("data.transaction_id", contains(topUp.toString(), SALE, SECOND_SALE, REFUND))
                .body("data.balance", contains("4.50", "104.50", "130.00", "120.00"));
        given().auth().oauth2(ledger.token()).queryParam("as_of", "2026-11-21T10:05:05.5Z")
                .get("/v1/ledgers/{l}/accounts/{c}", LEDGER, "cash")
                .then().statusCode(200).body("balance", equalTo("130.00"));
        assertEquals(List.of("7"), strings("SELECT last_sequence::text FROM ledger_progress WHERE ledger_id = '"
                + LEDGER + "'"));
        assertEquals(List.of("0"), strings("SELECT count(*)::text FROM failed_events WHERE ledger_id = '" + LEDGER + "'"));
    }

    private static UUID event(int sequence) {
        return UUID.fromString("e0000001-0000-4000-8000-00000000000" + sequence);
    }

    private static JsonObject occurred(String at) {
        return new JsonObject().put("occurred_at", at);
    }

    private static ValidatableResponse account(TestLedger ledger, String code) {
        return given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/accounts/{c}", LEDGER, code)
                .then().statusCode(200);
    }

    private static ValidatableResponse statement(TestLedger ledger) {
        return given().auth().oauth2(ledger.token()).queryParam("from", "2026-11-01T00:00:00Z")
                .queryParam("to", "2026-12-01T00:00:00Z")
                .get("/v1/ledgers/{l}/accounts/{c}/statement", LEDGER, "cash")
                .then().statusCode(200);
    }

    private List<String> strings(String sql) {
        List<String> values = new ArrayList<>();
        pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).forEach(row -> values.add(row.getString(0)));
        return values;
    }
}
