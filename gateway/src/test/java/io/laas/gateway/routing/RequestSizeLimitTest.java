package io.laas.gateway.routing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.Recorded;
import io.laas.gateway.support.Tokens;
import io.laas.local.testing.OversizedRequests;
import io.laas.local.testing.OversizedRequests.Answer;
import io.laas.web.security.Scopes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A body over 1 MiB (a bulk's over 8 MiB) is refused at the door with 413 problem+json and never
 * forwarded, whatever its framing.
 */
@QuarkusTest
class RequestSizeLimitTest {

    private static final long LIMIT = 1024 * 1024;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "laas.gateway.command-url")
    String commandUrl;

    private void assertRefused(Answer answer, String requestId) {
        answer.assertPayloadTooLargeProblem();
        assertThat(Recorded.byRequestId(commandUrl, requestId), empty());
    }

    private Map<String, String> headers(UUID ledger, String requestId) {
        return Map.of("Authorization", "Bearer " + Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_WRITE),
                "x-request-id", requestId);
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413AndNotForwarded() {
        UUID ledger = UUID.randomUUID();
        String requestId = "big-" + UUID.randomUUID();
        URI uri = URI.create(base.toString()).resolve("/v1/ledgers/" + ledger + "/transactions");

        assertRefused(OversizedRequests.declared(uri, headers(ledger, requestId), LIMIT), requestId);
    }

    @Test
    void aBulkMayCarryUpToEightMib() {
        UUID ledger = UUID.randomUUID();
        URI bulk = URI.create(base.toString()).resolve("/v1/ledgers/" + ledger + "/transactions/bulk");

        String forwarded = "bulk-" + UUID.randomUUID();
        Answer within = OversizedRequests.declared(bulk, headers(ledger, forwarded), LIMIT);
        org.junit.jupiter.api.Assertions.assertNotEquals(413, within.status(), within.body());
        String tooBig = "bulk-big-" + UUID.randomUUID();
        assertRefused(OversizedRequests.chunked(bulk, headers(ledger, tooBig), 8 * LIMIT), tooBig);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndNotForwarded() {
        UUID ledger = UUID.randomUUID();
        String requestId = "big-chunked-" + UUID.randomUUID();
        URI uri = URI.create(base.toString()).resolve("/v1/ledgers/" + ledger + "/transactions");

        assertRefused(OversizedRequests.chunked(uri, headers(ledger, requestId), LIMIT), requestId);
    }
}
