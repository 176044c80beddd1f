package io.laas.system;

import static io.laas.system.LedgerApi.newCode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Reads after writes through the gateway, services as processes: a read given the write's Ledger-Sequence as
 * min_sequence shows the write at once, with no retry loop.
 */
class ReadYourWritesIT {

    private static final UUID SANDBOX = RunningStack.SANDBOX;

    @BeforeAll
    static void stack() {
        RunningStack.get();
    }

    @Test
    void aReadWithTheWritesSequenceShowsTheWrite() {
        String token = RunningStack.demoToken();
        String from = newCode("ryw-from");
        String to = newCode("ryw-to");
        for (String code : new String[] { from, to }) {
            long created = sequence(given().baseUri(RunningStack.gateway()).auth().oauth2(token)
                    .contentType(ContentType.JSON).body(Map.of("code", code, "name", code, "type", "asset"))
                    .post("/v1/ledgers/{ledger}/accounts", SANDBOX).then().statusCode(201).extract().response());
            read(token, "/accounts/" + code, created).then().statusCode(200).body("code", equalTo(code));
        }

        Response posted = LedgerApi.post(token, SANDBOX, LedgerApi.transfer(newCode("ryw"), to, from, "7.00"));
        posted.then().statusCode(201);
        long sequence = sequence(posted);
        assertTrue(sequence == posted.jsonPath().getLong("ledger_sequence"));

        Response read = read(token, "/accounts/" + to, sequence);
        read.then().statusCode(200).body("balance", equalTo("7.00"));
        assertTrue(sequence(read) >= sequence);
        read(token, "/transactions/" + posted.jsonPath().getString("transaction_id"), sequence).then().statusCode(200);
        assertTrue(read(token, "/projection", sequence).then().statusCode(200).extract().jsonPath()
                .getLong("projected_sequence") >= sequence);
    }

    private static Response read(String token, String path, long minSequence) {
        return given().baseUri(RunningStack.gateway()).auth().oauth2(token).queryParam("min_sequence", minSequence)
                .get("/v1/ledgers/{ledger}" + path, SANDBOX);
    }

    private static long sequence(Response response) {
        String header = response.header("Ledger-Sequence");
        assertTrue(header != null, "the answer carries Ledger-Sequence");
        return Long.parseLong(header);
    }
}
