package io.laas.projector.projection.service;

/**
 * The read model disagrees with what a batch expected of it (e.g. an account its postings name is not
 * there). Treated like data the database rejects: the batch is applied again one event at a time, so the
 * event at fault is recorded as failed and the others go through.
 */
public class ProjectionInconsistencyException extends RuntimeException {

    public ProjectionInconsistencyException(String message) {
        super(message, null, false, false);
    }
}
