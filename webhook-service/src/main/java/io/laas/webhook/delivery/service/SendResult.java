package io.laas.webhook.delivery.service;

/** What one HTTP attempt produced: a response status (and Retry-After), or an error. */
public record SendResult(Integer status, String retryAfter, String error) {

    public static SendResult response(int status, String retryAfter) {
        return new SendResult(status, retryAfter, status >= 200 && status < 300 ? null : "HTTP " + status);
    }

    public static SendResult failure(String error) {
        return new SendResult(null, null, error);
    }

    public boolean success() {
        return status != null && status >= 200 && status < 300;
    }

    public boolean gone() {
        return status != null && status == 410;
    }
}
