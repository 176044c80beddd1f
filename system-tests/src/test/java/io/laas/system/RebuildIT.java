package io.laas.system;

import static io.laas.system.LedgerApi.newCode;
import static io.laas.system.RunningStack.SANDBOX;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.local.PostgresServer;
import io.restassured.response.Response;

/**
 * A ledger's projection rebuilt online through the gateway, services as processes: a balance corrupted in the
 * projector's schema (JDBC, as a bug or a bad manual fix would) comes back right once the operator rebuilds the
 * ledger, from the command service's event log read by the projector with its own client.
 */
class RebuildIT {

    @BeforeAll
    static void start() {
        RunningStack.get();
    }

    @Test
    void aCorruptedBalanceIsRightAgainAfterTheOperatorRebuildsTheLedger() throws SQLException {
        String token = RunningStack.demoToken();
        String cash = newCode("rebuild-cash");
        String revenue = newCode("rebuild-revenue");
        LedgerApi.createAccount(token, SANDBOX, cash, "asset");
        LedgerApi.createAccount(token, SANDBOX, revenue, "revenue");
        Response posted = LedgerApi.post(token, SANDBOX, LedgerApi.transfer(newCode("rebuild"), cash, revenue, "12.50"));
        posted.then().statusCode(201);
        String sequence = posted.header("Ledger-Sequence");
        given().baseUri(RunningStack.gateway()).auth().oauth2(token).queryParam("min_sequence", sequence)
                .get("/v1/ledgers/{ledger}/accounts/{code}", SANDBOX, cash).then().statusCode(200)
                .body("balance", equalTo("12.50"));

        assertEquals(1, corrupt(cash), "one projected account row corrupted");
        LedgerApi.account(token, SANDBOX, cash).then().statusCode(200).body("balance", equalTo("1012.50"));

        String ops = RunningStack.token("ops-client", "ops-secret", null);
        String path = "/v1/ops/projector/ledgers/{ledger}/rebuild";
        given().auth().oauth2(token).post(path, SANDBOX).then().statusCode(403);
        String id = given().auth().oauth2(ops).post(path, SANDBOX).then().statusCode(202)
                .body("status", equalTo("running")).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !"running".equals(given().auth().oauth2(ops).get(path, SANDBOX).then().statusCode(200)
                        .extract().path("status")));
        given().auth().oauth2(ops).get(path, SANDBOX).then().statusCode(200).body("id", equalTo(id))
                .body("status", equalTo("completed"));

        LedgerApi.account(token, SANDBOX, cash).then().statusCode(200).body("balance", equalTo("12.50"));
        LedgerApi.account(token, SANDBOX, revenue).then().statusCode(200).body("balance", equalTo("12.50"));
    }

    /** Adds 1,000 to the account's projected debits, in the projector's schema (past its row-level security). */
    private static int corrupt(String code) throws SQLException {
        PostgresServer postgres = RunningStack.get().infra().postgres();
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + postgres.database();
        try (Connection connection = DriverManager.getConnection(url, postgres.batchUsername(),
                postgres.batchPassword());
                PreparedStatement update = connection.prepareStatement("UPDATE projector.accounts "
                        + "SET debits = debits + 1000 WHERE ledger_id = ?::uuid AND code = ?")) {
            update.setString(1, SANDBOX.toString());
            update.setString(2, code);
            return update.executeUpdate();
        }
    }
}
