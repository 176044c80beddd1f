package io.laas.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

    private static final Pattern ENDPOINT = Pattern.compile("^### `[A-Z]+ (/v1/\\S+)`", Pattern.MULTILINE);
    private static final Pattern PARAMETER = Pattern.compile("\\{[a-z_]+}");

    @Test
    void everyDocumentedEndpointIsCountedUnderItsOwnTemplate() throws IOException {
        String api = Files.readString(Path.of("..", "docs", "api.md"));
        Matcher endpoint = ENDPOINT.matcher(api);
        int endpoints = 0;
        while (endpoint.find()) {
            String template = endpoint.group(1);
            String path = PARAMETER.matcher(template).replaceAll(m -> UUID.randomUUID().toString());
            assertEquals(template, RouteTemplates.of(path), path);
            endpoints++;
        }
        assertFalse(endpoints < 60, "docs/api.md lists the API's endpoints (found " + endpoints + ")");
    }

    @Test
    void literalSegmentsWinOverParameters() {
        String ledger = UUID.randomUUID().toString();
        assertEquals("/v1/ledgers/{ledger_id}/transactions/bulk",
                RouteTemplates.of("/v1/ledgers/" + ledger + "/transactions/bulk"));
        assertEquals("/v1/ledgers/{ledger_id}/transactions/{transaction_id}",
                RouteTemplates.of("/v1/ledgers/" + ledger + "/transactions/bulky"));
        assertEquals("/v1/sessions/current", RouteTemplates.of("/v1/sessions/current"));
    }

    @Test
    void shortFormsHaveTheirOwnTemplates() {
        assertEquals("/v1/transactions", RouteTemplates.of("/v1/transactions"));
        assertEquals("/v1/accounts/{code}/statement", RouteTemplates.of("/v1/accounts/cash/statement"));
        assertEquals("/v1/webhook-endpoints/{endpoint_id}/test", RouteTemplates.of("/v1/webhook-endpoints/e1/test"));
    }

    @Test
    void anythingElseIsOneUnmatchedTemplate() {
        for (String path : List.of("/v1/", "/v1/nope", "/v1/ledgers/" + UUID.randomUUID() + "/nope",
                "/v1/ledgers//transactions", "/v1/ledgers/a/transactions/", "/v1/transactions/a/b/c/d/e",
                "/v1/ledgers/a/transactions/b/void/extra")) {
            assertEquals(RouteTemplates.UNMATCHED, RouteTemplates.of(path), path);
        }
    }
}
