package io.laas.projector.projection.service;

/** What a batch did with one record. */
public enum EventOutcome {
    APPLIED, DUPLICATE, PARKED, SEQUENCE_CONFLICT, FAILED
}
