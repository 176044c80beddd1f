package io.laas.webhook.message.rest;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.laas.webhook.message.AttemptDetail;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One attempt whole: what was sent and what came back, as far as it was kept. */
@RegisterForReflection
public record AttemptDetailResponse(UUID id, UUID messageId, UUID endpointId, int attemptNumber, Instant attemptedAt,
        long durationMs, String error, Request request, Response response) {

    /** The request; {@code headers} only for a failed attempt (values of custom headers masked). */
    @RegisterForReflection
    public record Request(String method, String url, Map<String, Object> headers, String body) {
    }

    /** The answer ({@code status} {@code null} when there was none); headers and body only for a failed attempt. */
    @RegisterForReflection
    public record Response(Integer status, Map<String, Object> headers, String body, boolean truncated) {
    }

    static AttemptDetailResponse of(AttemptDetail a) {
        return new AttemptDetailResponse(a.id(), a.messageId(), a.endpointId(), a.attemptNumber(), a.attemptedAt(),
                a.durationMs(), a.error(), new Request("POST", a.url(), a.requestHeaders(), a.requestBody()),
                new Response(a.responseStatus(), a.responseHeaders(), a.responseBody(), a.responseTruncated()));
    }
}
