package io.laas.webhook.net;

/**
 * A webhook target that must not be contacted. The message is for the server log; {@link #publicReason()} is
 * what a client may be told, only for refusals that do not depend on DNS (scheme, credentials, port):
 * {@code null} for a host that does not resolve or resolves to a refused address, which are told apart to
 * nobody but the log.
 */
public class TargetNotAllowedException extends RuntimeException {

    private final String publicReason;

    public TargetNotAllowedException(String message) {
        this(message, null);
    }

    public TargetNotAllowedException(String message, String publicReason) {
        super(message, null, false, false);
        this.publicReason = publicReason;
    }

    /** Why, in words a client may read; {@code null} when the client is told nothing more than "not allowed". */
    public String publicReason() {
        return publicReason;
    }
}
