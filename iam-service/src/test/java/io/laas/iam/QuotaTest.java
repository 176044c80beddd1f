package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Quotas per organisation: the operator's endpoints, counts enforced (under concurrency too), overrides in tokens. */
@QuarkusTest
class QuotaTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static String ops() {
        return Tokens.accessToken("ops-client", "ops-secret");
    }

    private static String quotas(String org) {
        return "/v1/ops/organizations/" + org + "/quotas";
    }

    private static void override(String org, JsonObject body) {
        given().auth().oauth2(ops()).contentType(ContentType.JSON).body(body.encode()).put(quotas(org))
                .then().statusCode(200);
    }

    private static io.restassured.response.Response createLedger(String token, String project, String code) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("code", code).put("name", code).put("currency", "EUR").encode())
                .post("/v1/projects/" + project + "/ledgers");
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private static JsonObject claims(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])));
    }

    @Test
    void onlyTheOperatorReadsAndSetsQuotas() {
        String org = Demo.OTHER_ORG.toString();
        given().get(quotas(org)).then().statusCode(401);
        given().auth().oauth2(ProjectResourceTest.adminToken()).get(quotas(org)).then().statusCode(403);
        given().auth().oauth2(ProjectResourceTest.adminToken()).contentType(ContentType.JSON).body("{\"ledgers\":1000}")
                .put(quotas(Demo.ORG.toString())).then().statusCode(403);
        assertEquals(0, count("SELECT count(*) FROM organization_quotas WHERE organization_id = $1", Demo.ORG));

        given().auth().oauth2(ops()).get(quotas(org)).then().statusCode(200)
                .body("organization_id", equalTo(org))
                .body("overrides.ledgers", nullValue())
                .body("limits.ledgers", equalTo(100))
                .body("limits.api_keys", equalTo(100))
                .body("limits.oauth_clients", equalTo(50))
                .body("limits.webhook_endpoints", equalTo(50))
                .body("usage.ledgers", equalTo(1));
        given().auth().oauth2(ops()).get(quotas(UUID.randomUUID().toString())).then().statusCode(404)
                .body("code", equalTo("ORGANIZATION_NOT_FOUND"));
        given().auth().oauth2(ops()).get(quotas("not-a-uuid")).then().statusCode(404);
    }

    @Test
    void invalidOverridesAreRefusedAndChangeNothing() {
        String[] org = InvitationTest.newOrganisation("quota-invalid");
        for (String body : new String[] { "{\"burst\":10}", "{\"requests_per_second\":5}", "{\"ledgers\":-1}",
                "{\"requests_per_second\":0,\"burst\":1}", "{\"client_requests_per_second\":1,\"client_burst\":0}" }) {
            given().auth().oauth2(ops()).contentType(ContentType.JSON).body(body).put(quotas(org[2]))
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(ops()).contentType(ContentType.JSON).body("{\"ledgers\":1}")
                .put(quotas(UUID.randomUUID().toString())).then().statusCode(404);
        assertEquals(0, count("SELECT count(*) FROM organization_quotas WHERE organization_id = $1",
                UUID.fromString(org[2])));
    }

    @Test
    void ledgersOverTheQuotaAreRefusedAndNothingIsWrittenOrAnnounced() {
        String[] org = InvitationTest.newOrganisation("quota-ledgers");
        String project = ProjectResourceTest.createProject(org[0], ProjectResourceTest.uniqueCode("p"), "P");
        override(org[2], new JsonObject().put("ledgers", 2));

        createLedger(org[0], project, "one").then().statusCode(201);
        String second = createLedger(org[0], project, "two").then().statusCode(201).extract().path("id");
        createLedger(org[0], project, "three").then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("QUOTA_EXCEEDED"))
                .body("quota", equalTo("ledgers"))
                .body("limit", equalTo(2))
                .body("current", equalTo(2));
        UUID project_ = UUID.fromString(project);
        assertEquals(2, count("SELECT count(*) FROM ledgers WHERE project_id = $1", project_));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE payload->>'code' = 'three' AND payload->>'project_id' = $1",
                project));

        // an archived ledger no longer counts
        given().auth().oauth2(org[0]).post("/v1/ledgers/" + second + "/archive").then().statusCode(200);
        createLedger(org[0], project, "three").then().statusCode(201);

        // without the override, the default applies again
        given().auth().oauth2(ops()).delete(quotas(org[2])).then().statusCode(204);
        createLedger(org[0], project, "four").then().statusCode(201);
        given().auth().oauth2(ops()).get(quotas(org[2])).then().statusCode(200)
                .body("limits.ledgers", equalTo(100)).body("usage.ledgers", equalTo(3));
    }

    @Test
    void concurrentCreationsAtTheLimitLetExactlyOneThrough() throws Exception {
        String[] org = InvitationTest.newOrganisation("quota-race");
        String project = ProjectResourceTest.createProject(org[0], ProjectResourceTest.uniqueCode("p"), "P");
        createLedger(org[0], project, "first").then().statusCode(201);
        override(org[2], new JsonObject().put("ledgers", 2));

        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String code = "racer-" + i;
                statuses.add(threads.submit(() -> createLedger(org[0], project, code).statusCode()));
            }
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answers.add(status.get());
            }
            assertEquals(1, answers.stream().filter(s -> s == 201).count(), "answers: " + answers);
            assertEquals(5, answers.stream().filter(s -> s == 409).count(), "answers: " + answers);
        } finally {
            threads.shutdownNow();
        }
        assertEquals(2, count("SELECT count(*) FROM ledgers WHERE project_id = $1", UUID.fromString(project)));
    }

    @Test
    void apiKeysAndClientsOverTheirQuotasAreRefused() {
        String[] org = InvitationTest.newOrganisation("quota-credentials");
        String project = ProjectResourceTest.createProject(org[0], ProjectResourceTest.uniqueCode("p"), "P");
        String ledger = createLedger(org[0], project, "main").then().statusCode(201).extract().path("id");
        override(org[2], new JsonObject().put("api_keys", 1).put("oauth_clients", 1));
        JsonObject key = new JsonObject().put("environment", "test").put("scopes", new JsonArray().add("ledger:read"))
                .put("ledgers", new JsonArray().add(ledger));
        JsonObject client = new JsonObject().put("name", "c").put("scopes", new JsonArray().add("ledger:read"))
                .put("ledgers", new JsonArray().add(ledger));

        given().auth().oauth2(org[0]).contentType(ContentType.JSON).body(key.encode())
                .post("/v1/projects/" + project + "/api-keys").then().statusCode(201);
        given().auth().oauth2(org[0]).contentType(ContentType.JSON).body(key.encode())
                .post("/v1/projects/" + project + "/api-keys").then().statusCode(409)
                .body("code", equalTo("QUOTA_EXCEEDED")).body("quota", equalTo("api_keys"))
                .body("limit", equalTo(1)).body("current", equalTo(1));
        assertEquals(1, count("SELECT count(*) FROM api_keys WHERE project_id = $1", UUID.fromString(project)));

        given().auth().oauth2(org[0]).contentType(ContentType.JSON).body(client.encode())
                .post("/v1/projects/" + project + "/clients").then().statusCode(201);
        given().auth().oauth2(org[0]).contentType(ContentType.JSON).body(client.encode())
                .post("/v1/projects/" + project + "/clients").then().statusCode(409)
                .body("code", equalTo("QUOTA_EXCEEDED")).body("quota", equalTo("oauth_clients"));
        assertEquals(1, count("SELECT count(*) FROM oauth_clients WHERE project_id = $1", UUID.fromString(project)));
    }

    @Test
    void theOrganisationsNextTokensCarryItsOverriddenLimits() {
        String email = People.uniqueEmail("quota-claims");
        UUID[] owner = People.newOwner(email);
        String[] org = { People.accessToken(People.session(email, People.PASSWORD)), owner[0].toString(),
                owner[1].toString() };
        assertFalse(claims(People.accessToken(People.session(email, People.PASSWORD))).containsKey("limits"));

        given().auth().oauth2(ops()).contentType(ContentType.JSON)
                .body("{\"requests_per_second\":50,\"burst\":100,\"client_requests_per_second\":10,"
                        + "\"client_burst\":20,\"webhook_endpoints\":3,\"ledgers\":7}")
                .put(quotas(org[2])).then().statusCode(200)
                .body("overrides.requests_per_second", equalTo(50.0f))
                .body("overrides.ledgers", equalTo(7))
                .body("limits.ledgers", equalTo(7))
                .body("limits.webhook_endpoints", equalTo(3));

        JsonObject limits = claims(People.accessToken(People.session(email, People.PASSWORD))).getJsonObject("limits");
        assertEquals(50.0, limits.getDouble("requests_per_second"));
        assertEquals(100, limits.getInteger("burst"));
        assertEquals(10.0, limits.getDouble("client_requests_per_second"));
        assertEquals(20, limits.getInteger("client_burst"));
        assertEquals(3, limits.getInteger("webhook_endpoints"));
        assertFalse(limits.containsKey("ledgers"), "counts IAM enforces itself stay out of tokens");

        // a client of the organisation gets them too
        String project = ProjectResourceTest.createProject(org[0], ProjectResourceTest.uniqueCode("p"), "P");
        String ledger = createLedger(org[0], project, "main").then().statusCode(201).extract().path("id");
        var created = given().auth().oauth2(org[0]).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", "c").put("scopes", new JsonArray().add("ledger:read"))
                        .put("ledgers", new JsonArray().add(ledger)).encode())
                .post("/v1/projects/" + project + "/clients").then().statusCode(201).extract();
        String clientToken = Tokens.accessToken(created.path("client_id"), created.path("client_secret"));
        assertEquals(50.0, claims(clientToken).getJsonObject("limits").getDouble("requests_per_second"));

        given().auth().oauth2(ops()).delete(quotas(org[2])).then().statusCode(204);
        assertTrue(!claims(Tokens.accessToken(created.path("client_id"), created.path("client_secret")))
                .containsKey("limits"));
    }
}
