package io.laas.token.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * A service's own access token (OAuth2 client credentials at IAM's token endpoint, {@code client_secret_basic}),
 * cached until 30 s before it expires; calls that need one while it is being fetched share the fetch. A service
 * calling another on the platform's behalf uses this, never the token of the tenant or operator who asked.
 */
public final class ServiceTokens {

    static final long MARGIN_SECONDS = 30;

    /**
     * Who the service is at IAM.
     *
     * @param secretSetting the setting that holds the secret, named when it is missing
     * @param scope the scope asked for
     */
    public record Identity(String tokenUrl, String clientId, Optional<String> clientSecret, String secretSetting,
            String scope) {
    }

    private record Cached(String token, Instant usableUntil) {
    }

    private final WebClient client;
    private final Identity identity;
    private final Duration timeout;
    private final Function<String, ? extends RuntimeException> failure;
    private final AtomicReference<Cached> cached = new AtomicReference<>();
    private final AtomicReference<Uni<String>> inFlight = new AtomicReference<>();

    /**
     * @param client the caller's web client (closed by the caller)
     * @param failure the caller's exception for a token that cannot be had, from its message
     */
    public ServiceTokens(WebClient client, Identity identity, Duration timeout,
            Function<String, ? extends RuntimeException> failure) {
        this.client = client;
        this.identity = identity;
        this.timeout = timeout;
        this.failure = failure;
    }

    public Uni<String> token() {
        Cached current = cached.get();
        if (current != null && Instant.now().isBefore(current.usableUntil())) {
            return Uni.createFrom().item(current.token());
        }
        return Uni.createFrom().deferred(() -> inFlight.updateAndGet(existing -> existing != null ? existing
                : fetch().onTermination().invoke(() -> inFlight.set(null)).memoize().indefinitely()));
    }

    /** Forgets the cached token (the callee refused it: revoked, or signed by a key rotated out). */
    public void forget() {
        cached.set(null);
    }

    private Uni<String> fetch() {
        String secret = identity.clientSecret().orElse(null);
        if (secret == null || secret.isBlank()) {
            return Uni.createFrom().failure(failure.apply("the service has no client secret (" + identity.secretSetting() + ")"));
        }
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "client_credentials")
                .add("scope", identity.scope());
        String url = identity.tokenUrl();
        return client.postAbs(url)
                .basicAuthentication(identity.clientId(), secret)
                .putHeader("accept", "application/json")
                .timeout(timeout.toMillis())
                .sendForm(form)
                .onFailure().transform(e -> failure.apply("cannot reach the token endpoint " + url + ": " + e.getMessage()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw failure.apply("the token endpoint " + url + " answered " + response.statusCode());
                    }
                    JsonObject body = response.bodyAsJsonObject();
                    String token = body.getString("access_token");
                    long expiresIn = body.getLong("expires_in", 60L);
                    cached.set(new Cached(token, Instant.now().plusSeconds(Math.max(0, expiresIn - MARGIN_SECONDS))));
                    return token;
                });
    }
}
