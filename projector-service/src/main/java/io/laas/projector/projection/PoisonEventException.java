package io.laas.projector.projection;

/**
 * A record that can never be projected, whatever the retries: not JSON, no ledger id or sequence, or
 * data a known event type cannot carry. It goes to the dead-letter topic instead of blocking its partition.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message, null, false, false);
    }
}
