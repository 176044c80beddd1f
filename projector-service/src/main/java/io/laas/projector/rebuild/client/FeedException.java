package io.laas.projector.rebuild.client;

/** The command service's event feed (or the token it needs) could not be read, or did not make sense. */
public class FeedException extends RuntimeException {

    public FeedException(String message) {
        super(message);
    }
}
