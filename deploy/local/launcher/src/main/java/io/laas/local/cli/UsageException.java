package io.laas.local.cli;

/** A command line that cannot be run as written; the message says what is wrong. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
