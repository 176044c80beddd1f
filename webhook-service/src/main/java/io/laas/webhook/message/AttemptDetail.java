package io.laas.webhook.message;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One attempt whole. {@code requestBody} is the body sent, rebuilt from the message (it is the same at every
 * attempt). The request headers and the answer's headers and body were kept only if the attempt failed (else
 * {@code null}); {@code responseBody} is cut at 20 KiB ({@code responseTruncated}).
 */
public record AttemptDetail(UUID id, UUID messageId, UUID endpointId, int attemptNumber, Instant attemptedAt,
        long durationMs, String error, String url, Map<String, Object> requestHeaders, String requestBody,
        Integer responseStatus, Map<String, Object> responseHeaders, String responseBody, boolean responseTruncated) {
}
