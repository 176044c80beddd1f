package io.laas.token;

/** An access token that breaks one of the {@link AccessTokenRules}; the message says which, for logs only. */
public class RejectedTokenException extends RuntimeException {

    public RejectedTokenException(String message) {
        super(message, null, false, false);
    }
}
