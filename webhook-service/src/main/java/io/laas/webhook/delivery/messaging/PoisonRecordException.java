package io.laas.webhook.delivery.messaging;

/** A record that can never be processed, however often it is retried. */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
