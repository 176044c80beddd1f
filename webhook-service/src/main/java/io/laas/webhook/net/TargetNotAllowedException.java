package io.laas.webhook.net;

/** A webhook target that must not be contacted (scheme, unresolvable host or forbidden address). */
public class TargetNotAllowedException extends RuntimeException {

    public TargetNotAllowedException(String message) {
        super(message, null, false, false);
    }
}
