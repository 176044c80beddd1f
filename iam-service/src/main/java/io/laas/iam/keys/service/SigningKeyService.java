package io.laas.iam.keys.service;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.laas.iam.config.IamConfig;
import io.laas.iam.crypto.KeyEncryption;
import io.laas.iam.keys.SigningKey;
import io.laas.iam.keys.repository.SigningKeyRepository;
import io.laas.iam.keys.repository.SigningKeyRepository.StoredKey;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Owns the RS256 signing key. At start, the first replica that finds no active key generates one
 * under an advisory lock; every other replica then loads that same key. The active key is cached and
 * re-read every minute so that a rotation done elsewhere is picked up.
 */
@ApplicationScoped
public class SigningKeyService {

    private static final Logger LOG = Logger.getLogger(SigningKeyService.class);
    private static final String ALGORITHM = "RS256";
    private static final int RSA_BITS = 2048;

    private final Pool pool;
    private final SigningKeyRepository repository;
    private final KeyEncryption encryption;
    private final Duration retiredRetention;
    private final AtomicReference<SigningKey> active = new AtomicReference<>();

    public SigningKeyService(Pool pool, SigningKeyRepository repository, KeyEncryption encryption, IamConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.encryption = encryption;
        this.retiredRetention = config.jwksRetiredRetention();
    }

    void onStart(@Observes StartupEvent event) {
        SigningKey key = ensureActiveKey().await().atMost(Duration.ofSeconds(60));
        LOG.infof("Signing access tokens with key %s", key.kid());
    }

    /** The key to sign with now. */
    public Uni<SigningKey> activeKey() {
        SigningKey key = active.get();
        return key != null ? Uni.createFrom().item(key) : ensureActiveKey();
    }

    /** The JWK set: active and recently retired public keys. */
    public Uni<List<JsonObject>> publishedKeys() {
        return repository.publishedKeys(pool, retiredRetention);
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return repository.findActive(pool)
                .invoke(found -> found.filter(stored -> !isCached(stored.kid())).ifPresent(stored -> {
                    active.set(toSigningKey(stored));
                    LOG.infof("Signing access tokens with key %s from now on", stored.kid());
                }))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warn("Cannot refresh the active signing key", e))
                .onFailure().recoverWithNull();
    }

    Uni<SigningKey> ensureActiveKey() {
        return pool.withTransaction(conn -> repository.lockKeyCreation(conn)
                .chain(() -> repository.findActive(conn))
                .chain(found -> found.isPresent()
                        ? Uni.createFrom().item(found.get())
                        // RSA generation takes tens of milliseconds: keep it off the event loop
                        : Uni.createFrom().item(this::generate).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                                .call(fresh -> repository.insertActive(conn, fresh.stored().kid(), ALGORITHM,
                                        fresh.stored().publicJwk(), fresh.stored().encryptedPrivateKey()))
                                .invoke(fresh -> LOG.infof("Generated signing key %s", fresh.stored().kid()))
                                .map(Generated::stored)))
                .map(stored -> {
                    SigningKey key = toSigningKey(stored);
                    active.set(key);
                    return key;
                });
    }

    private boolean isCached(String kid) {
        SigningKey key = active.get();
        return key != null && key.kid().equals(kid);
    }

    private record Generated(StoredKey stored) {
    }

    private Generated generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            String n = base64Url(publicKey.getModulus());
            String e = base64Url(publicKey.getPublicExponent());
            String kid = thumbprint(n, e);
            JsonObject jwk = new JsonObject()
                    .put("kty", "RSA").put("use", "sig").put("alg", ALGORITHM).put("kid", kid)
                    .put("n", n).put("e", e);
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            try {
                return new Generated(new StoredKey(kid, jwk, encryption.encrypt(pkcs8, kid)));
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot generate an RSA signing key", ex);
        }
    }

    private SigningKey toSigningKey(StoredKey stored) {
        byte[] pkcs8 = encryption.decrypt(stored.encryptedPrivateKey(), stored.kid());
        try {
            return new SigningKey(stored.kid(), KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing key " + stored.kid() + " is not a valid RSA private key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** RFC 7638 JWK thumbprint (SHA-256), a stable and collision-free key id. */
    private static String thumbprint(String n, String e) throws GeneralSecurityException {
        String canonical = "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
