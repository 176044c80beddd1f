package io.laas.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.net.URL;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.laas.local.testing.OversizedRequests;
import io.laas.local.testing.OversizedRequests.Answer;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** A body over 1 MiB (a bulk's over 8 MiB) is refused with 413; a chunked one within it is read. */
@QuarkusTest
class RequestSizeLimitTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    private URI transactions() {
        return URI.create(base.toString()).resolve("/v1/ledgers/" + UUID.randomUUID() + "/transactions");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsReadAsUsual() throws Exception {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(ledger, "cash", "asset");
        LedgerFixtures.createAccount(ledger, "revenue", "revenue");
        byte[] body = """
                {"idempotency_key": "chunked", "currency": "USD", "postings": [
                  {"account_code": "cash", "direction": "debit", "amount": "3.00"},
                  {"account_code": "revenue", "direction": "credit", "amount": "3.00"}]}""".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("/v1/ledgers/" + ledger + "/transactions"))
                .header("Authorization", "Bearer " + LedgerFixtures.writeToken(ledger))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode(), response.body());
        assertEquals(3L, LedgerFixtures.lastSequence(pool, ledger));
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413() {
        OversizedRequests.declared(transactions(), Map.of("Authorization", "Bearer " + LedgerFixtures.writeToken(UUID.randomUUID())),
                1024 * 1024).assertPayloadTooLargeProblem();
    }

    @Test
    void aBulkMayDeclareUpToEightMib() {
        UUID ledger = UUID.randomUUID();
        URI bulk = URI.create(base.toString()).resolve("/v1/ledgers/" + ledger + "/transactions/bulk");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + LedgerFixtures.writeToken(ledger));

        Answer withinBulkLimit = OversizedRequests.declared(bulk, auth, 1024 * 1024);
        assertNotEquals(413, withinBulkLimit.status(), withinBulkLimit.body());
        OversizedRequests.declared(bulk, auth, 8 * 1024 * 1024).assertPayloadTooLargeProblem();
    }

    /**
     * Undeclared lengths are bounded by Quarkus itself (a bare 413) at the largest limit, the bulk one's;
     * the gateway, the only public entry, bounds every body by its path's limit and forwards it declared.
     */
    @Test
    void aChunkedBodyOverTheLargestLimitIs413() {
        Answer answer = OversizedRequests.chunked(transactions(), Map.of("Authorization", "Bearer " + LedgerFixtures.writeToken(UUID.randomUUID())),
                8 * 1024 * 1024);

        assertEquals(413, answer.status(), answer.body());
    }
}
