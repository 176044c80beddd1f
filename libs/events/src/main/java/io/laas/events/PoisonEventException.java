package io.laas.events;

/**
 * A record that can never be processed, however often it is retried: no value, not JSON, an envelope
 * without the identity every event carries, or data its type cannot hold. The message says precisely
 * what is wrong (which field, which value), because it is what an operator reads first.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message, null, false, false);
    }
}
