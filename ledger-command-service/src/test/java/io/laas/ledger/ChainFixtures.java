package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.rows;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.laas.local.testing.TestTokens;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** Ledgers with a history worth verifying, and what the tests read of it. */
final class ChainFixtures {

    /** Metadata that canonicalization must get right: sorting beyond ASCII, escapes, numbers that are doubles. */
    static final String EXOTIC_METADATA = """
            {"\u00f6": "Latin", "\u20ac": 1.10, "\\ud83d\\ude00": [1e-7, 12345678901234567890, -0.0, 4.50],
             "\\ufb33": {"z": null, "a": true}, "tab\\tkey": "line\\nbreak\\u2028 \\"quoted\\" \\\\ \\u0001",
             "1": "One", "\\r": "CR"}""";

    private ChainFixtures() {
    }

    static String readToken(UUID ledger) {
        return TestTokens.token(List.of(ledger), "ledger:read");
    }

    /**
     * A USD ledger with an asset (USDC, scale 6), four accounts and four transactions, one of them with
     * {@link #EXOTIC_METADATA}: 9 events.
     */
    static UUID populatedLedger(Pool pool) {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(Map.of("scale", 6))
                .when().put("/v1/ledgers/{id}/assets/{code}", ledger, "USDC").then().statusCode(201);
        account(ledger, "cash", "asset", null);
        account(ledger, "revenue", "revenue", null);
        account(ledger, "usdc-wallet", "asset", "USDC");
        account(ledger, "usdc-float", "liability", "USDC");
        post(ledger, "sale-1", "cash", "revenue", "10.00", null, null);
        post(ledger, "sale-2", "cash", "revenue", "2.50", null, EXOTIC_METADATA);
        post(ledger, "usdc-1", "usdc-wallet", "usdc-float", "1.123456", "USDC", null);
        post(ledger, "refund-1", "revenue", "cash", "0.50", null, "{\"reason\": \"goodwill\"}");
        return ledger;
    }

    static void account(UUID ledger, String code, String type, String currency) {
        Map<String, Object> body = new HashMap<>(Map.of("code", code, "name", "Account " + code, "type", type));
        if (currency != null) {
            body.put("currency", currency);
        }
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/ledgers/{id}/accounts", ledger).then().statusCode(201);
    }

    /** Posts {@code amount} from {@code debit} to {@code credit}; metadata is JSON text, sent as is. */
    static void post(UUID ledger, String key, String debit, String credit, String amount, String currency,
            String metadata) {
        String body = "{\"idempotency_key\": \"" + key + "\""
                + (currency == null ? "" : ", \"currency\": \"" + currency + "\"")
                + (metadata == null ? "" : ", \"metadata\": " + metadata)
                + ", \"postings\": [{\"account_code\": \"" + debit + "\", \"direction\": \"debit\", \"amount\": \"" + amount
                + "\"}, {\"account_code\": \"" + credit + "\", \"direction\": \"credit\", \"amount\": \"" + amount + "\"}]}";
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/ledgers/{id}/transactions", ledger).then().statusCode(201);
    }

    /** The ledger's stored envelopes, in sequence order. */
    static List<JsonObject> storedEnvelopes(Pool pool, UUID ledger) {
        List<JsonObject> envelopes = new ArrayList<>();
        for (Row row : rows(pool, "SELECT payload FROM events WHERE ledger_id = $1 ORDER BY sequence", ledger)) {
            envelopes.add(row.getJsonObject("payload"));
        }
        return envelopes;
    }

    static String lastHash(Pool pool, UUID ledger) {
        return rows(pool, "SELECT last_hash FROM ledgers WHERE id = $1", ledger).iterator().next().getString(0);
    }
}
