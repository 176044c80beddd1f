package io.laas.iam.ledger.rest;

import java.util.UUID;

/** Path ids are canonical UUIDs; anything else names no resource (answered 404 by the caller). */
final class CanonicalIds {

    private CanonicalIds() {
    }

    static UUID parse(String value) {
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equalsIgnoreCase(value) ? id : null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
