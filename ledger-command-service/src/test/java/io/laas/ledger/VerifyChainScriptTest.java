package io.laas.ledger;

import static io.laas.ledger.ChainFixtures.readToken;
import static io.laas.ledger.LedgerFixtures.rows;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * docs/verify-chain.mjs, the standalone verifier of docs/events.md, run with Node against this service: an
 * implementation of the chain that shares no code with the service agrees with it, and finds a change.
 */
@QuarkusTest
class VerifyChainScriptTest {

    private static final Path SCRIPT = Path.of("..", "docs", "verify-chain.mjs").toAbsolutePath().normalize();

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void requireNode() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        assertTrue(Files.isRegularFile(SCRIPT), SCRIPT + " exists");
        Assumptions.assumeTrue(NodeJs.available(), "node is not installed");
    }

    @Test
    void docsEventsMdShowsTheScriptAsItIs() throws IOException {
        String script = Files.readString(SCRIPT);
        String withoutShebang = script.substring(script.indexOf('\n') + 1).strip();
        assertTrue(Files.readString(SCRIPT.resolveSibling("events.md")).contains(withoutShebang),
                "docs/events.md embeds docs/verify-chain.mjs");
    }

    @Test
    void theScriptVerifiesWhatTheServiceWroteOverSeveralPages() throws IOException {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        // 1,009 events: the script reads them in two pages of 1,000
        IntStream.range(0, 8)
                .mapToObj(poster -> CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 125; i++) {
                        ChainFixtures.post(ledger, "bulk-" + poster + "-" + i, "cash", "revenue", "0.01", null, null);
                    }
                }))
                .toList()
                .forEach(CompletableFuture::join);

        NodeJs.Run run = script(ledger, readToken(ledger));
        assertEquals(0, run.exit(), run.output());
        String lastHash = given().auth().oauth2(readToken(ledger)).get("/v1/ledgers/{id}/verify", ledger).then()
                .statusCode(200).extract().path("last_hash");
        assertTrue(run.output().contains(": 1009 events verified, last hash " + lastHash), run.output());
    }

    @Test
    void theScriptNamesTheEventThatWasChanged() throws IOException {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        rows(pool, "UPDATE events SET payload = jsonb_set(payload, '{data,name}', '\"Mallory\"')"
                + " WHERE ledger_id = $1 AND sequence = 3", ledger);
        NodeJs.Run run = script(ledger, readToken(ledger));
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().startsWith("sequence 3 "), run.output());
    }

    @Test
    void theScriptSaysWhenItCannotReadTheEvents() throws IOException {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        NodeJs.Run run = script(ledger, null);
        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("HTTP 401"), run.output());
    }

    private NodeJs.Run script(UUID ledger, String token) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("LAAS_TOKEN", token);
        return NodeJs.run(SCRIPT.getParent(), env, SCRIPT.toString(), base.toString(), ledger.toString());
    }
}
