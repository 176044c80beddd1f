package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** The command service's API as the tests call it, and what they read back from its tables. */
public final class LedgerApi {

    private LedgerApi() {
    }

    public static ValidatableResponse post(UUID ledger, String path, Object body) {
        return given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/ledgers/{id}" + path, ledger).then();
    }

    public static ValidatableResponse patch(UUID ledger, String code, Object body) {
        return given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(body)
                .when().patch("/v1/ledgers/{id}/accounts/{code}", ledger, code).then();
    }

    /** Opens an account; {@code extra} adds fields such as limits, parent_code or metadata. */
    public static ValidatableResponse account(UUID ledger, String code, String type, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("code", code);
        body.put("name", "Account " + code);
        body.put("type", type);
        return post(ledger, "/accounts", body);
    }

    public static Map<String, Object> posting(String code, String direction, String amount) {
        Map<String, Object> posting = new HashMap<>();
        posting.put("account_code", code);
        posting.put("direction", direction);
        posting.put("amount", amount);
        return posting;
    }

    /** A transaction moving {@code amount} from {@code from} (debited) to {@code to} (credited). */
    public static Map<String, Object> transfer(String key, String debit, String credit, String amount) {
        Map<String, Object> body = new HashMap<>();
        body.put("idempotency_key", key);
        body.put("postings", List.of(posting(debit, "debit", amount), posting(credit, "credit", amount)));
        return body;
    }

    public static ValidatableResponse postTransaction(UUID ledger, Object body) {
        return post(ledger, "/transactions", body);
    }

    public static Row accountRow(Pool pool, UUID ledger, String code) {
        return rows(pool, "SELECT * FROM accounts WHERE ledger_id = $1 AND code = $2", ledger, code).iterator().next();
    }

    public static BigDecimal column(Pool pool, UUID ledger, String code, String column) {
        return accountRow(pool, ledger, code).getBigDecimal(column);
    }

    public static JsonObject lastEvent(Pool pool, UUID ledger) {
        return new JsonObject(rows(pool, "SELECT payload::text FROM events WHERE ledger_id = $1 ORDER BY sequence DESC"
                + " LIMIT 1", ledger).iterator().next().getString(0));
    }
}
