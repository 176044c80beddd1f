package io.laas.webhook.net;

/** The DNS lookup of a webhook host did not answer within the configured timeout. */
public class ResolutionTimeoutException extends RuntimeException {

    public ResolutionTimeoutException(String message) {
        super(message, null, false, false);
    }
}
