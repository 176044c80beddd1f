package io.laas.webhook.delivery;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.laas.webhook.endpoint.CustomHeaders;

/**
 * What the delivery log keeps of a failed attempt besides its status: the request headers sent and the
 * answer's headers and body (already cut at {@link #MAX_BODY_BYTES}; {@code responseTruncated} says whether it
 * was). Successful attempts keep none of this, so that the log does not outgrow the ledger. Header values
 * other than the {@link #STANDARD_HEADERS} are masked: custom headers carry the receiver's credentials.
 */
public record FailedExchange(Map<String, String> requestHeaders, Map<String, String> responseHeaders,
        String responseBody, boolean responseTruncated) {

    /** Bytes of an answer's body read and kept at most. */
    public static final int MAX_BODY_BYTES = 20 * 1024;
    /** Headers of an answer kept at most, and their names and values in all (characters). */
    public static final int MAX_RESPONSE_HEADERS = 64;
    public static final int MAX_RESPONSE_HEADER_CHARS = 8 * 1024;
    /** The headers every request carries, set by the service itself: their values are kept as sent. */
    public static final Set<String> STANDARD_HEADERS = Set.of("content-type", "user-agent", "webhook-id",
            "webhook-timestamp", "webhook-signature");

    /** The record of a failed attempt, with the values of the request's non-standard headers masked. */
    public static FailedExchange of(Map<String, String> sentHeaders, Map<String, String> responseHeaders,
            String responseBody, boolean responseTruncated) {
        Map<String, String> kept = null;
        if (sentHeaders != null) {
            kept = new LinkedHashMap<>();
            for (Map.Entry<String, String> header : sentHeaders.entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                kept.put(name, STANDARD_HEADERS.contains(name) ? header.getValue() : CustomHeaders.MASK);
            }
        }
        return new FailedExchange(kept, responseHeaders, responseBody, responseTruncated);
    }
}
