package io.laas.webhook.delivery.service;

import java.util.Map;

import io.laas.webhook.delivery.FailedExchange;

/**
 * What one HTTP attempt produced: a response status (and Retry-After), or an error. {@code requestHeaders} are
 * the headers sent ({@code null} when no request was made); for an answer other than 2xx, {@code responseHeaders}
 * and {@code responseBody} (at most {@link FailedExchange#MAX_BODY_BYTES}, {@code responseTruncated} when the
 * answer had more) are what was read of it.
 */
public record SendResult(Integer status, String retryAfter, String error, Map<String, String> requestHeaders,
        Map<String, String> responseHeaders, String responseBody, boolean responseTruncated) {

    public static SendResult response(int status, String retryAfter) {
        return answered(status, retryAfter, null, null, null, false);
    }

    public static SendResult answered(int status, String retryAfter, Map<String, String> requestHeaders,
            Map<String, String> responseHeaders, String responseBody, boolean responseTruncated) {
        return new SendResult(status, retryAfter, status >= 200 && status < 300 ? null : "HTTP " + status,
                requestHeaders, responseHeaders, responseBody, responseTruncated);
    }

    public static SendResult failure(String error) {
        return failure(error, null);
    }

    public static SendResult failure(String error, Map<String, String> requestHeaders) {
        return new SendResult(null, null, error, requestHeaders, null, null, false);
    }

    public boolean success() {
        return status != null && status >= 200 && status < 300;
    }

    public boolean gone() {
        return status != null && status == 410;
    }

    /** What the delivery log keeps of this attempt beyond its status: nothing ({@code null}) for a success. */
    public FailedExchange failedExchange() {
        return success() ? null : FailedExchange.of(requestHeaders, responseHeaders, responseBody, responseTruncated);
    }
}
