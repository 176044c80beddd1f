package io.laas.gateway.routing.service;

import java.util.List;

import io.vertx.core.Future;

/** Resolves a name to the addresses (IP literals) it has now. */
@FunctionalInterface
public interface ReplicaResolver {

    /** @return the addresses, possibly none; a failed future when the name could not be resolved */
    Future<List<String>> resolve(String name);
}
