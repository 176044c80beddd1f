package io.laas.projector.rebuild.client;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.laas.projector.rebuild.config.RebuildConfig;
import io.laas.token.client.ServiceTokens;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * The command service's event log of a ledger ({@code GET /v1/ledgers/{ledger_id}/events?after_sequence=&limit=},
 * docs/events.md), read with the projector's own token ({@link ServiceTokens}, never the operator's). A 401 is retried once with a new
 * token; any other answer than 200 fails the page.
 */
@ApplicationScoped
public class EventFeedClient {

    private final WebClient client;
    private final ServiceTokens tokens;
    private final RebuildConfig config;

    public EventFeedClient(Vertx vertx, RebuildConfig config) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions().setName("laas-projector-event-feed")
                .setFollowRedirects(false));
        this.tokens = new ServiceTokens(client, new ServiceTokens.Identity(config.tokenUrl(), config.clientId(),
                config.clientSecret(), "laas.projector.rebuild.client-secret / LAAS_PROJECTOR_REBUILD_CLIENT_SECRET",
                Scopes.OPS_ADMIN), config.requestTimeout(), FeedException::new);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<FeedPage> after(UUID ledgerId, long afterSequence) {
        return request(ledgerId, afterSequence).chain(response -> {
            if (response.statusCode() == 401) {
                tokens.forget();
                return request(ledgerId, afterSequence);
            }
            return Uni.createFrom().item(response);
        }).map(response -> page(ledgerId, afterSequence, response));
    }

    private Uni<HttpResponse<Buffer>> request(UUID ledgerId, long afterSequence) {
        String url = config.commandUrl() + "/v1/ledgers/" + ledgerId + "/events";
        return tokens.token().chain(token -> client.getAbs(url)
                .addQueryParam("after_sequence", Long.toString(afterSequence))
                .addQueryParam("limit", Integer.toString(Math.max(1, Math.min(1000, config.pageSize()))))
                .bearerTokenAuthentication(token)
                .putHeader("accept", "application/json")
                .timeout(config.requestTimeout().toMillis())
                .send()
                .onFailure().transform(failure -> failure instanceof FeedException ? failure
                        : new FeedException("cannot read " + url + ": " + failure)));
    }

    private static FeedPage page(UUID ledgerId, long afterSequence, HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            String body = response.bodyAsString();
            throw new FeedException("the event feed of ledger " + ledgerId + " after sequence " + afterSequence
                    + " answered " + response.statusCode() + (body == null ? "" : ": " + abbreviate(body)));
        }
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            throw new FeedException("the event feed of ledger " + ledgerId + " answered something that is not JSON");
        }
        JsonArray data = body == null ? null : body.getJsonArray("data");
        if (data == null) {
            throw new FeedException("the event feed of ledger " + ledgerId + " answered without data");
        }
        List<JsonObject> events = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            events.add(data.getJsonObject(i));
        }
        return new FeedPage(events, body.getBoolean("has_more", false));
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
