package io.laas.ledger.registry.client;

/** IAM's registry (or the token needed to read it) could not be read, or its answer did not make sense. */
public class RegistryException extends RuntimeException {

    public RegistryException(String message) {
        super(message);
    }
}
