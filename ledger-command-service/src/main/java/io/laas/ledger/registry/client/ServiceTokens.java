package io.laas.ledger.registry.client;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.config.RegistryConfig;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The command service's own access token (OAuth2 client credentials at IAM's token endpoint,
 * {@code client_secret_basic}, scope {@code ops:admin}), cached until 30 s before it expires; calls that need one
 * while it is being fetched share the fetch. The caller's token is never forwarded to IAM.
 */
@ApplicationScoped
public class ServiceTokens {

    static final long MARGIN_SECONDS = 30;

    private record Cached(String token, Instant usableUntil) {
    }

    private final WebClient client;
    private final RegistryConfig config;
    private final AtomicReference<Cached> cached = new AtomicReference<>();
    private final AtomicReference<Uni<String>> inFlight = new AtomicReference<>();

    public ServiceTokens(Vertx vertx, RegistryConfig config) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions().setName("laas-ledger-tokens")
                .setFollowRedirects(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<String> token() {
        Cached current = cached.get();
        if (current != null && Instant.now().isBefore(current.usableUntil())) {
            return Uni.createFrom().item(current.token());
        }
        return Uni.createFrom().deferred(() -> inFlight.updateAndGet(existing -> existing != null ? existing
                : fetch().onTermination().invoke(() -> inFlight.set(null)).memoize().indefinitely()));
    }

    /** Forgets the cached token (IAM refused it: revoked, or a signing-key rotation). */
    public void forget() {
        cached.set(null);
    }

    private Uni<String> fetch() {
        String secret = config.clientSecret().orElse(null);
        if (secret == null || secret.isBlank()) {
            return Uni.createFrom().failure(new RegistryException("the service has no client secret "
                    + "(laas.ledger.registry.client-secret / LAAS_LEDGER_REGISTRY_CLIENT_SECRET)"));
        }
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "client_credentials")
                .add("scope", Scopes.OPS_ADMIN);
        return client.postAbs(config.tokenUrl())
                .basicAuthentication(config.clientId(), secret)
                .putHeader("accept", "application/json")
                .timeout(config.requestTimeout().toMillis())
                .sendForm(form)
                .onFailure().transform(failure -> new RegistryException("cannot reach the token endpoint "
                        + config.tokenUrl() + ": " + failure.getMessage()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new RegistryException("the token endpoint " + config.tokenUrl() + " answered "
                                + response.statusCode());
                    }
                    JsonObject body = response.bodyAsJsonObject();
                    String token = body.getString("access_token");
                    long expiresIn = body.getLong("expires_in", 60L);
                    cached.set(new Cached(token, Instant.now().plusSeconds(Math.max(0, expiresIn - MARGIN_SECONDS))));
                    return token;
                });
    }
}
