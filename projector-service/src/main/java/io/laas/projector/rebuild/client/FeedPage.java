package io.laas.projector.rebuild.client;

import java.util.List;

import io.vertx.core.json.JsonObject;

/** One page of {@code GET /v1/ledgers/{id}/events}: envelopes in sequence order, and whether more follow. */
public record FeedPage(List<JsonObject> events, boolean hasMore) {
}
