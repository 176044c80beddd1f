package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class LedgerAdministrationTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String admin() {
        return ProjectResourceTest.adminToken();
    }

    private static String newProject() {
        return ProjectResourceTest.createProject(admin(), ProjectResourceTest.uniqueCode("books"), "Books");
    }

    private static String createLedger(String project, String code, String name, String currency) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("code", code).put("name", name).put("currency", currency).encode())
                .post("/v1/projects/" + project + "/ledgers")
                .then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void createsALedgerAndAnnouncesItToTheCommandService() {
        String project = newProject();
        var response = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"main\",\"name\":\" Main book \",\"currency\":\"EUR\"}")
                .post("/v1/projects/" + project + "/ledgers");
        response.then().statusCode(201)
                .body("project_id", equalTo(project))
                .body("code", equalTo("main"))
                .body("name", equalTo("Main book"))
                .body("currency", equalTo("EUR"))
                .body("created_at", notNullValue())
                .body("archived_at", nullValue());
        String id = response.path("id");
        assertEquals("/v1/ledgers/" + id, java.net.URI.create(response.header("Location")).getPath());

        Row row = row("SELECT project_id, code, name, currency, archived_at FROM ledgers WHERE id = $1", UUID.fromString(id));
        assertEquals(UUID.fromString(project), row.getUUID("project_id"));
        assertEquals("Main book", row.getString("name"));
        assertNull(row.getValue("archived_at"));

        List<ConsumerRecord<String, String>> records = RegistryTopic.recordsWithKey(id, Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        assertEquals(1, records.size());
        JsonObject payload = new JsonObject(records.get(0).value());
        assertEquals("ledger.created", RegistryTopic.header(records.get(0), "eventType"));
        assertEquals(payload.getString("event_id"), RegistryTopic.header(records.get(0), "id"));
        assertEquals(id, payload.getString("ledger_id"));
        assertEquals(Demo.ORG.toString(), payload.getString("org_id"));
        assertEquals(project, payload.getString("project_id"));
        assertEquals("main", payload.getString("code"));
        assertEquals("Main book", payload.getString("name"));
        assertEquals("EUR", payload.getString("currency"));
        assertNotNull(payload.getString("created_at"));
    }

    @Test
    void listsTheProjectsLedgersByCode() {
        String project = newProject();
        createLedger(project, "zeta", "Zeta", "USD");
        createLedger(project, "alpha", "Alpha", "GBP");
        given().auth().oauth2(admin()).get("/v1/projects/" + project + "/ledgers")
                .then().statusCode(200)
                .body("data.code", contains("alpha", "zeta"))
                .body("data.currency", contains("GBP", "USD"));
    }

    @Test
    void aTakenCodeInTheProjectIsAConflictAndAnnouncesNothing() {
        String project = newProject();
        createLedger(project, "dup", "First", "USD");
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"dup\",\"name\":\"Second\",\"currency\":\"USD\"}")
                .post("/v1/projects/" + project + "/ledgers")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("LEDGER_CODE_TAKEN"));
        assertEquals(1L, row("SELECT count(*) AS n FROM ledgers WHERE project_id = $1", UUID.fromString(project))
                .getLong("n"));
        assertEquals(0L, row("SELECT count(*) AS n FROM outbox WHERE payload->>'name' = $1", "Second").getLong("n"));
    }

    @Test
    void concurrentCreationsOfOneCodeMakeOneLedgerAndOneEvent() throws Exception {
        String project = newProject();
        String token = admin();
        int attempts = 8;
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(attempts);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                statuses.add(threads.submit(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body("{\"code\":\"raced\",\"name\":\"Raced\",\"currency\":\"USD\"}")
                        .post("/v1/projects/" + project + "/ledgers").statusCode()));
            }
            List<Integer> answered = new ArrayList<>();
            for (var status : statuses) {
                answered.add(status.get());
            }
            assertEquals(1, answered.stream().filter(status -> status == 201).count(), answered.toString());
            assertEquals(attempts - 1, answered.stream().filter(status -> status == 409).count(), answered.toString());
        } finally {
            threads.shutdownNow();
        }
        Row ledger = row("SELECT id FROM ledgers WHERE project_id = $1", UUID.fromString(project));
        assertEquals(1, RegistryTopic.recordsWithKey(ledger.getUUID("id").toString(), Duration.ofSeconds(30),
                Duration.ofSeconds(2)).size());
    }

    @Test
    void invalidInputIsAValidationProblemAndWritesNothing() {
        String project = newProject();
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"-bad\",\"name\":\"\",\"currency\":\"usd\"}")
                .post("/v1/projects/" + project + "/ledgers")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", containsInAnyOrder("code", "name", "currency"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"books\",\"name\":\"Books\",\"currency\":\"XYZ\"}")
                .post("/v1/projects/" + project + "/ledgers")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("currency"));
        assertEquals(0L, row("SELECT count(*) AS n FROM ledgers WHERE project_id = $1", UUID.fromString(project))
                .getLong("n"));
    }

    @Test
    void getsAndRenamesALedgerButNeverItsCodeOrCurrency() {
        String project = newProject();
        String id = createLedger(project, "renamed", "Before", "USD");
        given().auth().oauth2(admin()).get("/v1/ledgers/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("Before"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"name\":\"After\"}")
                .patch("/v1/ledgers/" + id)
                .then().statusCode(200)
                .body("name", equalTo("After"))
                .body("code", equalTo("renamed"))
                .body("currency", equalTo("USD"));
        assertEquals("After", row("SELECT name FROM ledgers WHERE id = $1", UUID.fromString(id)).getString("name"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"Again\",\"code\":\"x\",\"currency\":\"EUR\"}")
                .patch("/v1/ledgers/" + id)
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", containsInAnyOrder("code", "currency"));

        List<String> types = RegistryTopic.recordsWithKey(id, Duration.ofSeconds(30), Duration.ofSeconds(2)).stream()
                .map(record -> RegistryTopic.header(record, "eventType")).toList();
        assertEquals(List.of("ledger.created", "ledger.updated"), types);
    }

    @Test
    void archivingIsAnnouncedOnceAndTheLedgerStaysReadable() {
        String project = newProject();
        String id = createLedger(project, "archived", "Archived", "USD");
        given().auth().oauth2(admin()).post("/v1/ledgers/" + id + "/archive")
                .then().statusCode(200)
                .body("archived_at", notNullValue());
        String firstArchivedAt = given().auth().oauth2(admin()).post("/v1/ledgers/" + id + "/archive")
                .then().statusCode(200).extract().path("archived_at");
        given().auth().oauth2(admin()).get("/v1/ledgers/" + id)
                .then().statusCode(200).body("archived_at", equalTo(firstArchivedAt));
        assertNotNull(row("SELECT archived_at FROM ledgers WHERE id = $1", UUID.fromString(id)).getValue("archived_at"));

        List<ConsumerRecord<String, String>> records = RegistryTopic.recordsWithKey(id, Duration.ofSeconds(30),
                Duration.ofSeconds(2));
        assertEquals(List.of("ledger.created", "ledger.archived"),
                records.stream().map(record -> RegistryTopic.header(record, "eventType")).toList());
        JsonObject archived = new JsonObject(records.get(1).value());
        assertEquals("ledger.archived", archived.getString("event_type"));
        assertEquals("archived", archived.getString("code"));
        assertNotNull(archived.getString("archived_at"));
    }

    @Test
    void theLedgersAGrantedCredentialListsSayWhichAreArchived() {
        String project = newProject();
        String active = createLedger(project, "active", "Active", "EUR");
        String archived = createLedger(project, "closed", "Closed", "EUR");
        var client = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", "Reader").put("scopes", List.of("ledger:read")).encode())
                .post("/v1/projects/" + project + "/clients")
                .then().statusCode(201).extract();
        given().auth().oauth2(admin()).post("/v1/ledgers/" + archived + "/archive").then().statusCode(200);
        String archivedAt = given().auth().oauth2(admin()).get("/v1/ledgers/" + archived)
                .then().statusCode(200).extract().path("archived_at");

        String reader = Tokens.accessToken(client.path("client_id"), client.path("client_secret"));
        given().auth().oauth2(reader).get("/v1/ledgers")
                .then().statusCode(200)
                .body("data.id", contains(active, archived))
                .body("data[0].archived_at", nullValue())
                .body("data[1].archived_at", equalTo(archivedAt));
    }

    @Test
    void anotherOrganisationsLedgerOrProjectIsNotFound() {
        String token = admin();
        given().auth().oauth2(token).get("/v1/ledgers/" + Demo.OTHER_LEDGER)
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"Hijacked\"}")
                .patch("/v1/ledgers/" + Demo.OTHER_LEDGER)
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(token).post("/v1/ledgers/" + Demo.OTHER_LEDGER + "/archive")
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(token).get("/v1/projects/" + Demo.OTHER_PROJECT + "/ledgers")
                .then().statusCode(404).body("code", equalTo("PROJECT_NOT_FOUND"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"code\":\"planted\",\"name\":\"Planted\",\"currency\":\"USD\"}")
                .post("/v1/projects/" + Demo.OTHER_PROJECT + "/ledgers")
                .then().statusCode(404).body("code", equalTo("PROJECT_NOT_FOUND"));
        given().auth().oauth2(token).get("/v1/ledgers/not-a-uuid")
                .then().statusCode(404).body("code", equalTo("LEDGER_NOT_FOUND"));

        Row other = row("SELECT name, archived_at FROM ledgers WHERE id = $1", Demo.OTHER_LEDGER);
        assertEquals("Other books", other.getString("name"));
        assertNull(other.getValue("archived_at"));
        assertEquals(0L, row("SELECT count(*) AS n FROM ledgers WHERE code = $1", "planted").getLong("n"));
    }

    @Test
    void withoutIamAdminScopeIsForbidden() {
        String ledgerToken = Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET);
        given().auth().oauth2(ledgerToken).get("/v1/ledgers/" + Demo.SANDBOX)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(ledgerToken).post("/v1/ledgers/" + Demo.SANDBOX + "/archive")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(ledgerToken).get("/v1/projects/" + Demo.PROJECT + "/ledgers")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        assertNull(row("SELECT archived_at FROM ledgers WHERE id = $1", Demo.SANDBOX).getValue("archived_at"));
    }

    private Row row(String sql, Object param) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        assertEquals(1, rows.size(), sql);
        return rows.get(0);
    }

    @Test
    void thePlatformsOwnServicesReadAnyLedgerOfTheRegistryWithItsOrganisation() {
        String project = newProject();
        String id = createLedger(project, "lookup", "Looked up", "EUR");
        String service = Tokens.accessToken("ledger-command-service", "ledger-command-secret");

        given().auth().oauth2(service).get("/v1/ops/registry/ledgers/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("org_id", equalTo(Demo.ORG.toString()))
                .body("project_id", equalTo(project))
                .body("code", equalTo("lookup"))
                .body("name", equalTo("Looked up"))
                .body("currency", equalTo("EUR"))
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue())
                .body("archived_at", nullValue());

        given().auth().oauth2(admin()).post("/v1/ledgers/" + id + "/archive").then().statusCode(200);
        given().auth().oauth2(service).get("/v1/ops/registry/ledgers/" + id)
                .then().statusCode(200)
                .body("archived_at", notNullValue());
    }

    @Test
    void theRegistryLookupAnswers404ForAnUnknownLedgerAndRefusesTenantTokens() {
        String service = Tokens.accessToken("ledger-command-service", "ledger-command-secret");
        given().auth().oauth2(service).get("/v1/ops/registry/ledgers/" + UUID.randomUUID())
                .then().statusCode(404)
                .body("code", equalTo("LEDGER_NOT_FOUND"));
        given().auth().oauth2(service).get("/v1/ops/registry/ledgers/not-a-uuid")
                .then().statusCode(404)
                .body("code", equalTo("LEDGER_NOT_FOUND"));

        String id = createLedger(newProject(), "private", "Private", "USD");
        // the organisation's own administrator (iam:admin) and a ledger client are tenants: 403, nothing told
        given().auth().oauth2(admin()).get("/v1/ops/registry/ledgers/" + id)
                .then().statusCode(403)
                .body("org_id", nullValue());
        given().auth().oauth2(Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET))
                .get("/v1/ops/registry/ledgers/" + Demo.SANDBOX)
                .then().statusCode(403);
        given().get("/v1/ops/registry/ledgers/" + id).then().statusCode(401);
    }

    @Test
    void aClientWithNoLedgersIsGrantedTheLedgersItsProjectHasWhenTheTokenIsIssued() throws Exception {
        String before = Tokens.accessToken("project-writer", "project-writer-secret");
        String id = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("code", ProjectResourceTest.uniqueCode("new")).put("name", "New")
                        .put("currency", "USD").encode())
                .post("/v1/projects/" + Demo.PROJECT + "/ledgers")
                .then().statusCode(201).extract().path("id");
        String after = Tokens.accessToken("project-writer", "project-writer-secret");

        List<String> granted = Tokens.verify(after, "https://issuer.laas.test", "laas-api").getStringListClaimValue("ledgers");
        assertTrue(granted.contains(id), granted.toString());
        assertTrue(granted.contains(Demo.SANDBOX.toString()), granted.toString());
        // ledgers of the organisation's other projects are not the client's
        String elsewhere = createLedger(newProject(), "elsewhere", "Elsewhere", "USD");
        assertFalse(Tokens.verify(Tokens.accessToken("project-writer", "project-writer-secret"), "https://issuer.laas.test",
                "laas-api").getStringListClaimValue("ledgers").contains(elsewhere));
        // a token's ledgers are fixed when it is issued
        assertFalse(Tokens.verify(before, "https://issuer.laas.test", "laas-api").getStringListClaimValue("ledgers")
                .contains(id));
    }
}
