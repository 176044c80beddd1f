package io.laas.local.backup;

/** A backup or restore that cannot go on; the message says why and, where it can, what to do. */
public final class BackupException extends Exception {

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
