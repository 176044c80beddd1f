package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class ProjectResourceTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static String adminToken() {
        return Tokens.accessToken(Demo.ADMIN_CLIENT_ID, Demo.ADMIN_CLIENT_SECRET);
    }

    static String uniqueCode(String prefix) {
        return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    static String createProject(String token, String code, String name) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\",\"name\":\"" + name + "\"}")
                .post("/v1/projects")
                .then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void createsAProjectInTheTokensOrganisation() {
        String code = uniqueCode("payments");
        String id = given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\",\"name\":\"  Payments  \"}")
                .post("/v1/projects")
                .then().statusCode(201)
                .body("code", equalTo(code))
                .body("name", equalTo("Payments"))
                .body("created_at", notNullValue())
                .extract().path("id");

        Row row = row("SELECT organization_id, code, name FROM projects WHERE id = $1", UUID.fromString(id));
        assertEquals(Demo.ORG, row.getUUID("organization_id"));
        assertEquals(code, row.getString("code"));
        assertEquals("Payments", row.getString("name"));
    }

    @Test
    void createAnswersTheLocationOfTheNewProject() {
        String code = uniqueCode("located");
        var response = given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\",\"name\":\"Located\"}")
                .post("/v1/projects");
        response.then().statusCode(201);
        String id = response.path("id");
        assertEquals(true, response.header("Location").endsWith("/v1/projects/" + id));
        given().auth().oauth2(adminToken()).get("/v1/projects/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("code", equalTo(code))
                .body("name", equalTo("Located"));
    }

    @Test
    void aTakenCodeIsAConflictAndWritesNothing() {
        String code = uniqueCode("dup");
        String token = adminToken();
        createProject(token, code, "First");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\",\"name\":\"Second\"}")
                .post("/v1/projects")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("PROJECT_CODE_TAKEN"));
        assertEquals(1L, row("SELECT count(*) AS n FROM projects WHERE code = $1", code).getLong("n"));
    }

    @Test
    void theSameCodeIsFreeInAnotherOrganisation() {
        String code = uniqueCode("shared");
        createProject(adminToken(), code, "Mine");
        createProject(Tokens.accessToken(Demo.OTHER_ADMIN_CLIENT_ID, Demo.OTHER_ADMIN_CLIENT_SECRET), code, "Theirs");
        assertEquals(2L, row("SELECT count(*) AS n FROM projects WHERE code = $1", code).getLong("n"));
    }

    @Test
    void invalidInputIsAValidationProblemListingEveryField() {
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body("{\"code\":\"Not A Code\",\"name\":\"   \"}")
                .post("/v1/projects")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", containsInAnyOrder("code", "name"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"No code\"}")
                .post("/v1/projects")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", containsInAnyOrder("code"));
        assertEquals(0L, row("SELECT count(*) AS n FROM projects WHERE name = $1", "No code").getLong("n"));
    }

    @Test
    void listsOnlyTheOrganisationsOwnProjects() {
        String mine = createProject(adminToken(), uniqueCode("listed"), "Listed");
        given().auth().oauth2(adminToken()).get("/v1/projects")
                .then().statusCode(200)
                .body("data.id", hasItem(mine))
                .body("data.id", hasItem(Demo.PROJECT.toString()))
                .body("data.id", not(hasItem(Demo.OTHER_PROJECT.toString())));
        given().auth().oauth2(Tokens.accessToken(Demo.OTHER_ADMIN_CLIENT_ID, Demo.OTHER_ADMIN_CLIENT_SECRET))
                .get("/v1/projects")
                .then().statusCode(200)
                .body("data.id", not(hasItem(mine)))
                .body("data.id", hasItem(Demo.OTHER_PROJECT.toString()));
    }

    @Test
    void renamesAProjectButNeverItsCode() {
        String code = uniqueCode("renamed");
        String id = createProject(adminToken(), code, "Before");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"After\"}")
                .patch("/v1/projects/" + id)
                .then().statusCode(200)
                .body("name", equalTo("After"))
                .body("code", equalTo(code));
        Row row = row("SELECT code, name FROM projects WHERE id = $1", UUID.fromString(id));
        assertEquals("After", row.getString("name"));
        assertEquals(code, row.getString("code"));

        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"After\",\"code\":\"other\"}")
                .patch("/v1/projects/" + id)
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("code"));
    }

    @Test
    void deletesAnEmptyProject() {
        String id = createProject(adminToken(), uniqueCode("deleted"), "Deleted");
        given().auth().oauth2(adminToken()).delete("/v1/projects/" + id).then().statusCode(204);
        assertEquals(0L, row("SELECT count(*) AS n FROM projects WHERE id = $1", UUID.fromString(id)).getLong("n"));
        given().auth().oauth2(adminToken()).get("/v1/projects/" + id)
                .then().statusCode(404)
                .body("code", equalTo("PROJECT_NOT_FOUND"));
    }

    @Test
    void aProjectHoldingLedgersIsNotDeleted() {
        given().auth().oauth2(adminToken()).delete("/v1/projects/" + Demo.PROJECT)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("PROJECT_NOT_EMPTY"));
        assertEquals(1L, row("SELECT count(*) AS n FROM projects WHERE id = $1", Demo.PROJECT).getLong("n"));
    }

    @Test
    void anotherOrganisationsProjectIsNotFound() {
        String token = adminToken();
        given().auth().oauth2(token).get("/v1/projects/" + Demo.OTHER_PROJECT)
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("PROJECT_NOT_FOUND"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"Hijacked\"}")
                .patch("/v1/projects/" + Demo.OTHER_PROJECT)
                .then().statusCode(404).body("code", equalTo("PROJECT_NOT_FOUND"));
        given().auth().oauth2(token).delete("/v1/projects/" + Demo.OTHER_PROJECT)
                .then().statusCode(404).body("code", equalTo("PROJECT_NOT_FOUND"));
        given().auth().oauth2(token).get("/v1/projects/not-a-uuid")
                .then().statusCode(404).body("code", equalTo("PROJECT_NOT_FOUND"));
        Row row = row("SELECT name FROM projects WHERE id = $1", Demo.OTHER_PROJECT);
        assertEquals("Other Project", row.getString("name"));
    }

    @Test
    void withoutIamAdminScopeIsForbidden() {
        String ledgerToken = Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET);
        given().auth().oauth2(ledgerToken).get("/v1/projects")
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(ledgerToken).contentType(ContentType.JSON)
                .body("{\"code\":\"forbidden\",\"name\":\"Forbidden\"}")
                .post("/v1/projects")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        assertEquals(0L, row("SELECT count(*) AS n FROM projects WHERE code = $1", "forbidden").getLong("n"));
        given().get("/v1/projects").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
    }

    private Row row(String sql, Object param) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        assertEquals(1, rows.size(), sql);
        return rows.get(0);
    }
}
