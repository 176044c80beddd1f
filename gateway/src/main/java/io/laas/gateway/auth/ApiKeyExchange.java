package io.laas.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.laas.gateway.config.GatewayConfig;
import io.laas.gateway.routing.Upstream;
import io.laas.token.revocation.DenyList;
import io.laas.token.revocation.Revocation;
import io.laas.web.logging.LogFields;
import io.laas.web.logging.RequestIds;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.ApiKeyFormat;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Exchanges a raw API key ({@code sk_test_…}, {@code sk_live_…}) for an access token at IAM's token
 * endpoint (client credentials: client_id = the key's 12-character prefix, client_secret = the key, sent
 * as {@code client_secret_post}). A key that cannot exist ({@link ApiKeyFormat#isWellFormed}: malformed, or
 * checksummed with a wrong checksum) is refused without asking IAM, and so is, for a short while
 * ({@code laas.gateway.auth-failures.refused-key-ttl}), a key IAM has just refused. Tokens are cached (Caffeine,
 * bounded) under the SHA-256 of the key (the key itself is never kept) until shortly before they expire, or until a
 * revocation on the {@link DenyList} names the token or its subject (the key); concurrent requests with the same key share
 * one exchange.
 */
@ApplicationScoped
public class ApiKeyExchange {

    private static final Logger LOG = Logger.getLogger(ApiKeyExchange.class);

    private final WebClient client;
    private final GatewayConfig config;
    private final Clock clock;
    private final Cache<String, CachedToken> cache;
    private final Cache<String, Boolean> refused;
    private final Map<String, Uni<String>> inFlight = new ConcurrentHashMap<>();

    @Inject
    public ApiKeyExchange(Vertx vertx, GatewayConfig config, DenyList denyList) {
        this(vertx, config, Clock.systemUTC());
        denyList.onRevocation(this::forget);
    }

    ApiKeyExchange(Vertx vertx, GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.apiKeys().cacheSize())
                .expireAfter(Expiry.creating((String id, CachedToken token) -> token.lifetime()))
                .build();
        this.refused = Caffeine.newBuilder()
                .maximumSize(config.authFailures().refusedKeyCacheSize())
                .expireAfterWrite(config.authFailures().refusedKeyTtl())
                .build();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setName("laas-gateway-api-keys")
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setFollowRedirects(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Whether the bearer credential looks like an API key rather than a JWT. */
    public static boolean isApiKey(String credential) {
        return credential != null && credential.startsWith("sk_");
    }

    /**
     * The access token for this key: cached, or fetched from IAM. Fails with
     * {@link AuthenticationFailedException} when IAM refuses the key, with 502/504 problems when IAM
     * cannot be reached.
     */
    public Uni<String> accessToken(String apiKey) {
        String id = sha256(apiKey);
        CachedToken cached = cache.getIfPresent(id);
        if (cached != null && clock.instant().isBefore(cached.usableUntil())) {
            return Uni.createFrom().item(cached.token());
        }
        if (!ApiKeyFormat.isWellFormed(apiKey)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("Malformed API key"));
        }
        if (refused.getIfPresent(id) != null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("API key refused by IAM moments ago"));
        }
        return Uni.createFrom().deferred(() -> inFlight.computeIfAbsent(id, key -> exchange(apiKey, key)
                .onTermination().invoke(() -> inFlight.remove(key))
                .memoize().indefinitely()));
    }

    private Uni<String> exchange(String apiKey, String id) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "client_credentials")
                .add("client_id", ApiKeyFormat.prefix(apiKey))
                .add("client_secret", apiKey);
        String url = Upstream.IAM.baseUrl(config) + "/oauth/token";
        var request = client.postAbs(url).putHeader("accept", "application/json");
        String requestId = LogFields.get(LogFields.REQUEST_ID);
        if (requestId != null) {
            // IAM's lines about the exchange carry the id of the request that needed it
            request.putHeader(RequestIds.HEADER, requestId);
        }
        return request
                .timeout(config.timeout().toMillis())
                .sendForm(form)
                .onFailure().transform(failure -> {
                    LOG.warnf("API key exchange at %s failed: %s", url, failure.toString());
                    return failure instanceof TimeoutException
                            ? new ProblemException(504, "UPSTREAM_TIMEOUT", "Gateway Timeout",
                                    "The iam service did not answer in time.", Map.of("upstream", "iam"))
                            : new ProblemException(502, "UPSTREAM_UNAVAILABLE", "Bad Gateway",
                                    "The iam service is not reachable.", Map.of("upstream", "iam"));
                })
                .map(response -> {
                    if (response.statusCode() == 200) {
                        JsonObject body = response.bodyAsJsonObject();
                        String token = body == null ? null : body.getString("access_token");
                        if (token != null) {
                            remember(id, token, body.getLong("expires_in"));
                            return token;
                        }
                    }
                    if (response.statusCode() >= 500) {
                        LOG.warnf("API key exchange: IAM answered %d", response.statusCode());
                        throw new ProblemException(502, "UPSTREAM_UNAVAILABLE", "Bad Gateway",
                                "The iam service could not exchange the API key.", Map.of("upstream", "iam"));
                    }
                    refused.put(id, Boolean.TRUE);
                    throw new AuthenticationFailedException("API key refused by IAM: HTTP " + response.statusCode());
                });
    }

    private void remember(String id, String token, Long expiresIn) {
        Instant now = clock.instant();
        JsonObject claims = claims(token).orElse(new JsonObject());
        Long exp = claims.getLong("exp");
        Instant expiry = exp != null ? Instant.ofEpochSecond(exp) : expiresIn == null ? now : now.plusSeconds(expiresIn);
        Instant usableUntil = expiry.minus(config.apiKeys().expiryMargin());
        if (usableUntil.isAfter(now)) {
            cache.put(id, new CachedToken(token, usableUntil, Duration.between(now, usableUntil), claims.getString("sub"),
                    claims.getString("jti"), claims.getLong("iat", 0L)));
        }
    }

    /** Drops the exchanged tokens a revocation concerns, so that the key is exchanged (and refused) again. */
    void forget(Revocation revocation) {
        cache.asMap().values().removeIf(cached -> revocation instanceof Revocation.TokenRevoked token
                ? token.jti().equals(cached.jti())
                : revocation instanceof Revocation.SubjectRevoked subject && subject.subject().equals(cached.subject())
                        && cached.issuedAt() <= subject.revokedAt().getEpochSecond());
    }

    /** The claims of a JWT, read without verification (quarkus-oidc verifies the token next). */
    private static Optional<JsonObject> claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param lifetime how long the cache keeps it: until {@code usableUntil}, measured when it was stored */
    private record CachedToken(String token, Instant usableUntil, Duration lifetime, String subject, String jti,
            long issuedAt) {
    }
}
