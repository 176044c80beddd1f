package io.laas.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.laas.gateway.config.SessionConfig;
import io.laas.gateway.routing.Upstream;
import io.laas.gateway.routing.service.UpstreamProxy;
import io.laas.web.logging.LogFields;
import io.laas.web.logging.RequestIds;
import io.laas.web.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;

/**
 * Resolves a console session (the token of its cookie) into an access token of the person, issued by IAM,
 * which keeps the sessions. The answer is cached (Caffeine, bounded) under the SHA-256 of the session token
 * for at most {@code laas.session.cache-ttl} (5 s), so a session ended on any replica stops working here
 * within that time; concurrent requests of one session share one exchange. The access token never leaves
 * the gateway towards the browser: it is forwarded to the services only.
 */
@ApplicationScoped
public class SessionExchange {

    static final String EXCHANGE_PATH = "/internal/session-tokens";

    private final UpstreamProxy proxy;
    private final Duration ttl;
    private final Cache<String, Cached> cache;
    private final Map<String, Uni<String>> inFlight = new ConcurrentHashMap<>();

    public SessionExchange(UpstreamProxy proxy, SessionConfig config) {
        if (config.cacheTtl().compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalStateException("laas.session.cache-ttl must be at most 5s, was " + config.cacheTtl());
        }
        this.proxy = proxy;
        this.ttl = config.cacheTtl();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.cacheSize())
                .expireAfter(Expiry.creating((String key, Cached cached) -> cached.lifetime()))
                .build();
    }

    /** The person's access token; fails with {@link AuthenticationFailedException} when IAM refuses the session. */
    public Uni<String> accessToken(String sessionToken) {
        String key = sha256(sessionToken);
        Cached cached = cache.getIfPresent(key);
        if (cached != null) {
            return Uni.createFrom().item(cached.token());
        }
        return Uni.createFrom().deferred(() -> inFlight.computeIfAbsent(key, k -> exchange(sessionToken, k)
                .onTermination().invoke(() -> inFlight.remove(k))
                .memoize().indefinitely()));
    }

    /** Drops the cached token of a session (ended here, or changed by the request just made). */
    public void forget(String sessionToken) {
        cache.invalidate(sha256(sessionToken));
    }

    private Uni<String> exchange(String sessionToken, String key) {
        io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                .set(HttpHeaders.CONTENT_TYPE, "application/json")
                .set(HttpHeaders.ACCEPT, "application/json");
        String requestId = LogFields.get(LogFields.REQUEST_ID);
        if (requestId != null) {
            headers.set(RequestIds.HEADER, requestId);
        }
        Buffer body = Buffer.buffer(new JsonObject().put("session_token", sessionToken).encode());
        return Uni.createFrom().completionStage(() -> proxy.send(Upstream.IAM, "POST", EXCHANGE_PATH, headers, body)
                .toCompletionStage())
                .map(response -> {
                    if (response.status() == 200) {
                        JsonObject answer = new JsonObject(response.body().toString(StandardCharsets.UTF_8));
                        String token = answer.getString("access_token");
                        long expiresIn = answer.getLong("expires_in", 0L);
                        if (token != null) {
                            Duration lifetime = Duration.ofSeconds(Math.max(0, expiresIn - 1));
                            cache.put(key, new Cached(token, lifetime.compareTo(ttl) < 0 ? lifetime : ttl));
                            return token;
                        }
                    }
                    if (response.status() >= 500) {
                        throw new ProblemException(502, "UPSTREAM_UNAVAILABLE", "Bad Gateway",
                                "The iam service could not resolve the session.", Map.of("upstream", "iam"));
                    }
                    throw new AuthenticationFailedException("Session refused by IAM: HTTP " + response.status());
                });
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Cached(String token, Duration lifetime) {
    }
}
