package io.laas.webhook.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.laas.webhook.delivery.service.SendResult;

class FailedExchangeTest {

    @Test
    void theStandardHeadersAreKeptAsSentAndEveryOtherValueIsMasked() {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("content-type", "application/json");
        sent.put("user-agent", "LaaS-Webhooks/1.0");
        sent.put("webhook-id", "msg_1");
        sent.put("webhook-timestamp", "1700000000");
        sent.put("webhook-signature", "v1,abc v1,def");
        sent.put("Authorization", "Bearer receiver-secret");
        sent.put("x-api-key", "k-123");

        FailedExchange kept = FailedExchange.of(sent, Map.of("x-debug", "1"), "oops", true);

        assertEquals(Map.of("content-type", "application/json", "user-agent", "LaaS-Webhooks/1.0",
                "webhook-id", "msg_1", "webhook-timestamp", "1700000000", "webhook-signature", "v1,abc v1,def",
                "authorization", "********", "x-api-key", "********"), kept.requestHeaders());
        assertEquals(Map.of("x-debug", "1"), kept.responseHeaders());
        assertEquals("oops", kept.responseBody());
        assertEquals(true, kept.responseTruncated());
    }

    @Test
    void aSuccessKeepsNothingAndAFailureWithoutAnAnswerKeepsTheRequestHeaders() {
        Map<String, String> sent = Map.of("webhook-id", "msg_1", "x-token", "secret");
        assertNull(SendResult.answered(204, null, sent, Map.of("a", "b"), "body", false).failedExchange());

        FailedExchange timedOut = SendResult.failure("timeout: no response", sent).failedExchange();
        assertEquals(Map.of("webhook-id", "msg_1", "x-token", "********"), timedOut.requestHeaders());
        assertNull(timedOut.responseHeaders());
        assertNull(timedOut.responseBody());

        FailedExchange refused = SendResult.failure("target not allowed: …").failedExchange();
        assertNull(refused.requestHeaders());
    }
}
