package io.laas.projector.failure;

import static io.laas.local.testing.ManagementInterface.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.local.testing.TestTokens;
import io.laas.projector.Metrics;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class FailedEventResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";
    private static final String PATH = "/v1/ops/projector/failed-events";

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String ops() {
        return TestTokens.token(List.of(), Scopes.OPS_ADMIN);
    }

    @Test
    void postingToAnUnknownAccountIsRecordedParksTheLedgerAndIsAppliedByARedriveAfterTheFix() {
        double openBefore = Metrics.value("laas_projector_failed_events", "kind=\"poison\"");
        double poisonBefore = Metrics.value("laas_projector_poison_events_total");
        TestLedger ledger = new TestLedger();
        UUID ghost = ledger.unknownAccount("ghost");
        UUID failingTx = UUID.randomUUID();
        UUID laterTx = UUID.randomUUID();
        ledger.account("cash", "asset").send();
        ledger.account("revenue", "revenue").send();
        Event failing = ledger.transaction(failingTx, "USD", "ghost", "debit", "10.00", "revenue", "credit", "10.00")
                .send();
        ledger.transaction(laterTx, "USD", "cash", "debit", "5.00", "revenue", "credit", "5.00").send();
        ledger.account("fees", "expense").send();

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM parked_events WHERE ledger_id = $1", ledger.id) == 2);
        Row failed = failedRow(ledger.id);
        assertEquals("poison", failed.getString("kind"));
        assertEquals("failed", failed.getString("status"));
        assertEquals(3L, failed.getLong("sequence"));
        assertEquals(failing.eventId(), failed.getUUID("event_id"));
        assertEquals("transaction.posted", failed.getString("event_type"));
        assertEquals("transaction " + failingTx + " posts to account " + ghost + " which ledger " + ledger.id
                + " does not have", failed.getString("reason"));
        assertEquals(1, failed.getInteger("attempts"));
        assertEquals(2L, lastSequence(ledger.id));
        assertEquals(0L, count("SELECT count(*) FROM transactions WHERE ledger_id = $1", ledger.id));
        await().atMost(WAIT).until(() -> Metrics.value("laas_projector_failed_events", "kind=\"poison\"") > openBefore);
        assertTrue(Metrics.value("laas_projector_poison_events_total") > poisonBefore);
        double openWithThisFailure = Metrics.value("laas_projector_failed_events", "kind=\"poison\"");

        String id = failed.getUUID("id").toString();
        given().auth().oauth2(ops()).queryParam("ledger_id", ledger.id.toString())
                .get(PATH).then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].id", equalTo(id))
                .body("data[0].kind", equalTo("poison"))
                .body("data[0].status", equalTo("failed"))
                .body("data[0].sequence", equalTo(3))
                .body("data[0].event_id", equalTo(failing.eventId().toString()))
                .body("data[0].origin", startsWith(TestLedger.TOPIC + "-"))
                .body("data[0].record", nullValue())
                .body("next_cursor", nullValue());
        given().auth().oauth2(ops()).get(PATH + "/{id}", id).then().statusCode(200)
                .body("ledger_id", equalTo(ledger.id.toString()))
                .body("reason", containsString("does not have"))
                .body("record.key", equalTo(ledger.id.toString()))
                .body("record.id_header", equalTo(failing.eventId().toString()))
                .body("record.event_type_header", equalTo("transaction.posted"))
                .body("record.value", containsString(failingTx.toString()));

        // The operator repairs the read model (the account the event names), then re-drives the event.
        pool.preparedQuery("INSERT INTO accounts (id, ledger_id, code, name, type, normal_balance, currency, debits, "
                + "credits, last_sequence, created_at, updated_at) VALUES ($1, $2, 'ghost', 'Ghost', 'asset', 'debit', "
                + "'USD', 0, 0, 0, now(), now())").execute(Tuple.of(ghost, ledger.id)).await().atMost(Duration.ofSeconds(10));
        given().auth().oauth2(ops()).post(PATH + "/{id}/redrive", id).then().statusCode(200)
                .body("outcome", equalTo("applied"))
                .body("applied_events", equalTo(3))
                .body("ledger_last_sequence", equalTo(5))
                .body("failed_event.status", equalTo("resolved"))
                .body("failed_event.attempts", equalTo(2))
                .body("failed_event.resolved_at", notNullValue());

        assertEquals(5L, lastSequence(ledger.id));
        assertEquals(0L, count("SELECT count(*) FROM parked_events WHERE ledger_id = $1", ledger.id));
        assertEquals(1L, count("SELECT count(*) FROM processed_events WHERE event_id = $1", failing.eventId()));
        assertEquals(4L, count("SELECT count(*) FROM postings WHERE ledger_id = $1", ledger.id));
        assertBalance(ledger, "ghost", "10.00");
        assertBalance(ledger, "cash", "5.00");
        assertBalance(ledger, "revenue", "15.00");
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/accounts/fees", ledger.id).then().statusCode(200);
        assertEquals(0L, count("SELECT count(*) FROM failed_events WHERE ledger_id = $1 AND status = 'failed'", ledger.id));
        await().atMost(WAIT).until(() -> Metrics.value("laas_projector_failed_events", "kind=\"poison\"")
                < openWithThisFailure);

        given().auth().oauth2(ops()).post(PATH + "/{id}/redrive", id).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("FAILED_EVENT_NOT_OPEN")).body("failed_event_status", equalTo("resolved"));
        assertEquals(5L, lastSequence(ledger.id));
        assertEquals(4L, count("SELECT count(*) FROM postings WHERE ledger_id = $1", ledger.id));
    }

    @Test
    void unreadableRecordIsRecordedWithWhatItsKeyAndHeadersSayAndCanBeDismissed() {
        TestLedger ledger = new TestLedger();
        UUID headerId = UUID.randomUUID();
        String value = "not json " + headerId;
        TestLedger.send(ledger.id.toString(), headerId.toString(), "account.created", value);
        ledger.account("cash", "asset").send();

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM failed_events WHERE ledger_id = $1", ledger.id) == 1);
        Row failed = failedRow(ledger.id);
        assertEquals(headerId, failed.getUUID("event_id"));
        assertEquals(null, failed.getValue("sequence"));
        assertTrue(failed.getString("reason").startsWith("the value is not JSON: "), failed.getString("reason"));
        assertEquals(value, failed.getString("payload"));
        await().atMost(WAIT).until(() -> lastSequence(ledger.id) == 1L);
        String id = failed.getUUID("id").toString();

        given().auth().oauth2(ops()).post(PATH + "/{id}/redrive", id).then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("REDRIVE_FAILED"))
                .body("reason", startsWith("the value is not JSON: "))
                .body("attempts", equalTo(2));
        assertEquals("failed", failedRow(ledger.id).getString("status"));
        assertEquals(2, failedRow(ledger.id).getInteger("attempts"));
        assertEquals(1L, lastSequence(ledger.id));

        given().auth().oauth2(ops()).post(PATH + "/{id}/dismiss", id).then().statusCode(200)
                .body("status", equalTo("dismissed"))
                .body("resolved_at", notNullValue());
        given().auth().oauth2(ops()).post(PATH + "/{id}/dismiss", id).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("FAILED_EVENT_NOT_OPEN"));
        given().auth().oauth2(ops()).post(PATH + "/{id}/redrive", id).then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("FAILED_EVENT_NOT_OPEN"));
        given().auth().oauth2(ops()).queryParam("ledger_id", ledger.id.toString()).queryParam("status", "dismissed")
                .get(PATH).then().statusCode(200).body("data.id", contains(id));
        given().auth().oauth2(ops()).queryParam("ledger_id", ledger.id.toString()).queryParam("status", "failed")
                .get(PATH).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void appliedSequenceClaimedByAnotherEventIdIsAnIntegrityErrorThatIsRecordedCountedAndShownInHealth() {
        double conflictsBefore = Metrics.value("laas_projector_sequence_conflicts_total");
        TestLedger ledger = new TestLedger();
        Event cash = ledger.account("cash", "asset").send();
        JsonObject impostorEnvelope = cash.envelope().copy();
        UUID impostorId = UUID.randomUUID();
        impostorEnvelope.put("event_id", impostorId.toString());
        impostorEnvelope.getJsonObject("data").put("account_id", UUID.randomUUID().toString()).put("code", "impostor");
        TestLedger.send(ledger.id.toString(), impostorId.toString(), "account.created", impostorEnvelope.encode());
        ledger.account("bank", "asset").send();

        await().atMost(WAIT).until(() -> lastSequence(ledger.id) == 2L);
        Row conflict = failedRow(ledger.id);
        assertEquals("sequence_conflict", conflict.getString("kind"));
        assertEquals("failed", conflict.getString("status"));
        assertEquals(1L, conflict.getLong("sequence"));
        assertEquals(impostorId, conflict.getUUID("event_id"));
        assertEquals("sequence 1 of ledger " + ledger.id + " was already applied under event " + cash.eventId()
                + "; event " + impostorId + " claims it too (the projection is at 1)", conflict.getString("reason"));
        assertEquals(0L, count("SELECT count(*) FROM processed_events WHERE event_id = $1", impostorId));
        assertEquals(0L, count("SELECT count(*) FROM accounts WHERE ledger_id = $1 AND code = 'impostor'", ledger.id));
        assertTrue(Metrics.value("laas_projector_sequence_conflicts_total") > conflictsBefore);
        await().atMost(WAIT).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'projection-failures' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'projection-failures' }.data.open_sequence_conflicts",
                        org.hamcrest.Matchers.greaterThanOrEqualTo(1)));
        int openBefore = openConflicts();

        String id = conflict.getUUID("id").toString();
        given().auth().oauth2(ops()).post(PATH + "/{id}/redrive", id).then().statusCode(422)
                .body("code", equalTo("REDRIVE_FAILED")).body("reason", containsString("already applied"));
        assertEquals(0L, count("SELECT count(*) FROM processed_events WHERE event_id = $1", impostorId));
        given().auth().oauth2(ops()).post(PATH + "/{id}/dismiss", id).then().statusCode(200)
                .body("status", equalTo("dismissed"));
        await().atMost(WAIT).until(() -> openConflicts() < openBefore);
    }

    @Test
    void failedEventsArePagedNewestFirst() {
        TestLedger ledger = new TestLedger();
        for (int i = 0; i < 3; i++) {
            TestLedger.send(ledger.id.toString(), UUID.randomUUID().toString(), "account.created", "garbage " + i);
        }
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM failed_events WHERE ledger_id = $1", ledger.id) == 3);

        String next = given().auth().oauth2(ops()).queryParam("ledger_id", ledger.id.toString()).queryParam("limit", 2)
                .get(PATH).then().statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].reason", containsString("garbage"))
                .body("next_cursor", notNullValue())
                .extract().path("next_cursor");
        List<String> firstPage = given().auth().oauth2(ops()).queryParam("ledger_id", ledger.id.toString())
                .queryParam("limit", 2).get(PATH).then().extract().path("data.id");
        String last = given().auth().oauth2(ops()).queryParam("ledger_id", ledger.id.toString())
                .queryParam("limit", 2).queryParam("cursor", next)
                .get(PATH).then().statusCode(200)
                .body("data", hasSize(1))
                .body("next_cursor", nullValue())
                .extract().path("data[0].id");
        assertTrue(!firstPage.contains(last));
        List<UUID> newestFirst = pool.preparedQuery("SELECT id FROM failed_events WHERE ledger_id = $1 ORDER BY position DESC")
                .execute(Tuple.of(ledger.id)).await().atMost(Duration.ofSeconds(10)).stream()
                .map(row -> row.getUUID(0)).toList();
        assertEquals(newestFirst.stream().map(UUID::toString).toList(),
                List.of(firstPage.get(0), firstPage.get(1), last));
    }

    @Test
    void operatorApiNeedsOpsAdminAndRejectsBadInputPrecisely() {
        long rows = countAll("SELECT count(*) FROM failed_events");
        given().get(PATH).then().statusCode(401).contentType(PROBLEM).body("code", equalTo("UNAUTHORIZED"));
        String tenant = TestTokens.token(List.of(UUID.randomUUID()), Scopes.LEDGER_READ, Scopes.LEDGER_WRITE,
                Scopes.IAM_ADMIN);
        given().auth().oauth2(tenant).get(PATH).then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(tenant).post(PATH + "/{id}/redrive", UUID.randomUUID()).then().statusCode(403)
                .contentType(PROBLEM);

        given().auth().oauth2(ops()).queryParam("status", "open").get(PATH).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("status"));
        given().auth().oauth2(ops()).queryParam("kind", "weird").get(PATH).then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("kind"));
        given().auth().oauth2(ops()).queryParam("ledger_id", "nope").get(PATH).then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("ledger_id"));
        given().auth().oauth2(ops()).queryParam("limit", 0).get(PATH).then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(ops()).queryParam("cursor", "ZmV2MTp4").get(PATH).then().statusCode(400)  // "fev1:x"
                .contentType(PROBLEM).body("errors[0].field", equalTo("cursor"));

        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            given().auth().oauth2(ops()).get(PATH + "/{id}", id).then().statusCode(404).contentType(PROBLEM)
                    .body("code", equalTo("FAILED_EVENT_NOT_FOUND"));
            given().auth().oauth2(ops()).post(PATH + "/{id}/redrive", id).then().statusCode(404).contentType(PROBLEM)
                    .body("code", equalTo("FAILED_EVENT_NOT_FOUND"));
            given().auth().oauth2(ops()).post(PATH + "/{id}/dismiss", id).then().statusCode(404).contentType(PROBLEM)
                    .body("code", equalTo("FAILED_EVENT_NOT_FOUND"));
        }
        assertEquals(rows, countAll("SELECT count(*) FROM failed_events"));
    }

    private int openConflicts() {
        return management().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'projection-failures' }.data.open_sequence_conflicts");
    }

    private void assertBalance(TestLedger ledger, String code, String balance) {
        given().auth().oauth2(ledger.token()).get("/v1/ledgers/{l}/accounts/{c}", ledger.id, code)
                .then().statusCode(200).body("balance", equalTo(balance));
    }

    private Row failedRow(UUID ledgerId) {
        return pool.preparedQuery("SELECT * FROM failed_events WHERE ledger_id = $1").execute(Tuple.of(ledgerId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    private long lastSequence(UUID ledgerId) {
        var rows = pool.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1")
                .execute(Tuple.of(ledgerId)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }

    private long countAll(String sql) {
        return pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private long count(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
