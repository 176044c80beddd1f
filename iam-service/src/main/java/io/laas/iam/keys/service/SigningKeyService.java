package io.laas.iam.keys.service;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.laas.iam.config.IamConfig;
import io.laas.iam.crypto.KeyEncryption;
import io.laas.iam.keys.SigningKey;
import io.laas.iam.keys.repository.SigningKeyRepository;
import io.laas.iam.keys.repository.SigningKeyRepository.KeyRow;
import io.laas.iam.keys.repository.SigningKeyRepository.StoredKey;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.laas.web.crypto.VersionedEncryption.Sealed;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Owns the RS256 signing keys and their rotation.
 * <ul>
 * <li>At start, the first replica that finds no active key generates one under an advisory lock; every other
 * replica then loads that same key. The active key is cached and re-read every minute.</li>
 * <li>Rotation: a {@code next} key is created (on schedule when the active one is {@code rotate-after} old, or
 * when an operator asks) and published in the JWKS; once it has been published for {@code lead-time} it becomes
 * {@code active} and the previous key {@code retired}, published for {@code jwks-retired-retention} more. Every
 * step runs under the advisory lock, so any number of replicas may attempt it.</li>
 * <li>Integrity: a row is published and used only if its private key decrypts under the signing-key secret
 * of its version, current or previous (AES-GCM, bound to the kid) and is the private half of the public JWK it sits next to, whose kid is that
 * JWK's thumbprint. A row written straight into the database, without the secret, verifies nothing.</li>
 * </ul>
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
    private final IamConfig.SigningKeys rotation;
    private final AtomicReference<SigningKey> active = new AtomicReference<>();
    /** fingerprint of a row (kid, JWK, encrypted private key) → whether it verifies; rows are few and immutable */
    private final Map<String, Boolean> integrity = new ConcurrentHashMap<>();

    public SigningKeyService(Pool pool, SigningKeyRepository repository, KeyEncryption encryption, IamConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.encryption = encryption;
        this.retiredRetention = config.jwksRetiredRetention();
        this.rotation = config.signingKeys();
        Duration minimum = config.tokenTtl().plusSeconds(90);
        if (retiredRetention.compareTo(minimum) < 0) {
            throw new IllegalStateException("laas.iam.jwks-retired-retention must be at least the token lifetime + 90s ("
                    + minimum + "), was " + retiredRetention);
        }
    }

    void onStart(@Observes StartupEvent event) {
        SigningKey key = ensureActiveKey().await().atMost(Duration.ofSeconds(60));
        LOG.infof("Signing access tokens with key %s", key.kid());
        reencryptUnderCurrentSecret()
                .onFailure().invoke(e -> LOG.warn("Could not re-encrypt the signing keys under the current secret", e))
                .onFailure().recoverWithItem(0)
                .await().atMost(Duration.ofSeconds(60));
    }

    /**
     * Re-encrypts, under the current signing-key secret, every key row still encrypted under a previous one; the
     * keys themselves do not change, so tokens keep being signed and verified throughout. Each row is replaced only
     * if it still holds what was read, so replicas doing it at once write each row once. A row that does not verify
     * (it does not open, or is not the private half of its JWK) is left as it is, refused. Returns the rows this
     * call re-encrypted.
     */
    public Uni<Integer> reencryptUnderCurrentSecret() {
        return repository.list(pool).chain(rows -> Multi.createFrom().iterable(rows)
                .map(KeyRow::key)
                .filter(stored -> stored.kekVersion() != encryption.currentVersion() && verifies(stored))
                .onItem().transformToUniAndConcatenate(stored -> repository.reencrypt(pool, stored, reencrypted(stored))
                        .invoke(done -> {
                            if (done) {
                                LOG.infof("Signing key %s re-encrypted from version %d to version %d of the secret",
                                        stored.kid(), stored.kekVersion(), encryption.currentVersion());
                            }
                        }))
                .filter(Boolean::booleanValue)
                .collect().asList()
                .map(List::size));
    }

    /**
     * The keys verifiers may still need (next, active, recently retired) by the version of the secret they are
     * encrypted under: those that verify, and those under a version no longer configured (which cannot). A row that
     * claims a configured version but does not verify was not written with the secret and is not counted.
     */
    public Uni<Map<Integer, Long>> publishedKeysByVersion() {
        return repository.published(pool, retiredRetention).map(rows -> rows.stream()
                .map(KeyRow::key)
                .filter(stored -> !encryption.isConfigured(stored.kekVersion()) || verifies(stored))
                .collect(Collectors.groupingBy(StoredKey::kekVersion, () -> new TreeMap<>(Comparator.reverseOrder()),
                        Collectors.counting())));
    }

    private StoredKey reencrypted(StoredKey stored) {
        Sealed sealed = encryption.reencrypted(stored.kekVersion(), stored.encryptedPrivateKey(), stored.kid())
                .orElseThrow();
        return new StoredKey(stored.kid(), stored.publicJwk(), sealed.version(), sealed.ciphertext());
    }

    /** The key to sign with now. */
    public Uni<SigningKey> activeKey() {
        SigningKey key = active.get();
        return key != null ? Uni.createFrom().item(key) : ensureActiveKey();
    }

    /** The JWK set: next, active and recently retired public keys, each of whose rows verifies. */
    public Uni<List<JsonObject>> publishedKeys() {
        return repository.published(pool, retiredRetention)
                .map(rows -> rows.stream().map(KeyRow::key).filter(this::verifies).map(StoredKey::publicJwk).toList());
    }

    /** The public key of a published, verified key, to check a token IAM signed. */
    public Uni<Optional<RSAPublicKey>> verificationKey(String kid) {
        return repository.published(pool, retiredRetention).map(rows -> rows.stream()
                .map(KeyRow::key)
                .filter(key -> key.kid().equals(kid) && verifies(key))
                .findFirst()
                .map(key -> publicKey(key.publicJwk())));
    }

    public Uni<List<KeyRow>> keys() {
        return repository.list(pool);
    }

    /**
     * Creates the next key if there is none yet and returns it: it is published from now on and signs once it
     * has been published for the lead time.
     */
    public Uni<KeyRow> prepareNextKey() {
        return pool.withTransaction(conn -> repository.lockKeyCreation(conn)
                .chain(() -> createNextIfAbsent(conn))
                .chain(() -> repository.findByStatus(conn, SigningKeyRepository.NEXT))
                .map(Optional::orElseThrow));
    }

    /** One step of the rotation, if one is due: promote a next key published long enough, or create one. */
    @Scheduled(every = "${laas.iam.signing-keys.check-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rotate() {
        return pool.withTransaction(conn -> repository.lockKeyCreation(conn)
                .chain(() -> repository.findByStatus(conn, SigningKeyRepository.NEXT))
                .chain(next -> next.isPresent() && verifies(next.get().key())
                        ? promoteIfPublishedLongEnough(conn, next.get())
                        : repository.activeOlderThan(conn, rotation.rotateAfter())
                                .chain(old -> old ? createNextIfAbsent(conn) : Uni.createFrom().voidItem())))
                .chain(this::refresh)
                .onFailure().invoke(e -> LOG.warn("Signing key rotation step failed", e))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> promoteIfPublishedLongEnough(SqlConnection conn, KeyRow next) {
        return repository.nextPublishedFor(conn, next.key().kid(), rotation.leadTime())
                .chain(ready -> !ready ? Uni.createFrom().voidItem()
                        : repository.promoteNext(conn, next.key().kid())
                                .invoke(() -> LOG.infof("Signing key %s is active; the previous key is retired",
                                        next.key().kid())));
    }

    /** Creates a next key unless a valid one waits; one that does not verify never signed and is replaced. */
    private Uni<Void> createNextIfAbsent(SqlConnection conn) {
        return repository.findByStatus(conn, SigningKeyRepository.NEXT).chain(found -> {
            if (found.isPresent() && verifies(found.get().key())) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> removed = found.isPresent() ? repository.deleteNext(conn, found.get().key().kid())
                    : Uni.createFrom().voidItem();
            return removed.chain(this::generated)
                    .call(fresh -> repository.insertNext(conn, ALGORITHM, fresh))
                    .invoke(fresh -> LOG.infof("Generated signing key %s; it signs after %s in the JWKS", fresh.kid(),
                            rotation.leadTime()))
                    .replaceWithVoid();
        });
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return repository.findActive(pool)
                .invoke(found -> found.filter(stored -> !isCached(stored.kid())).ifPresent(stored -> {
                    if (!verifies(stored)) {
                        LOG.errorf("The active signing key %s does not verify under the signing-key secret: not used",
                                stored.kid());
                        return;
                    }
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
                        : generated().call(fresh -> repository.insertActive(conn, ALGORITHM, fresh))
                                .invoke(fresh -> LOG.infof("Generated signing key %s", fresh.kid()))))
                .map(stored -> {
                    if (!verifies(stored)) {
                        throw new IllegalStateException("The active signing key " + stored.kid()
                                + " does not verify under laas.iam.signing-key-secret");
                    }
                    SigningKey key = toSigningKey(stored);
                    active.set(key);
                    return key;
                });
    }

    private boolean isCached(String kid) {
        SigningKey key = active.get();
        return key != null && key.kid().equals(kid);
    }

    /** RSA generation takes tens of milliseconds: kept off the event loop. */
    private Uni<StoredKey> generated() {
        return Uni.createFrom().item(this::generate).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private StoredKey generate() {
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
                Sealed sealed = encryption.encrypt(pkcs8, kid);
                return new StoredKey(kid, jwk, sealed.version(), sealed.ciphertext());
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot generate an RSA signing key", ex);
        }
    }

    /** Whether the row's private key decrypts under the secret and matches its public JWK and kid (cached). */
    boolean verifies(StoredKey stored) {
        return integrity.computeIfAbsent(fingerprint(stored), ignored -> {
            boolean valid = checkIntegrity(stored);
            if (!valid) {
                LOG.errorf("Signing key row %s does not verify under the signing-key secret: not published, not used",
                        stored.kid());
            }
            return valid;
        });
    }

    private boolean checkIntegrity(StoredKey stored) {
        JsonObject jwk = stored.publicJwk();
        try {
            String n = jwk.getString("n");
            String e = jwk.getString("e");
            if (!"RSA".equals(jwk.getString("kty")) || !ALGORITHM.equals(jwk.getString("alg"))
                    || !stored.kid().equals(jwk.getString("kid")) || n == null || e == null
                    || !stored.kid().equals(thumbprint(n, e))) {
                return false;
            }
            byte[] pkcs8 = encryption.decrypt(stored.kekVersion(), stored.encryptedPrivateKey(), stored.kid());
            try {
                RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                return privateKey.getModulus().equals(new BigInteger(1, Base64.getUrlDecoder().decode(n)))
                        && privateKey.getPublicExponent().equals(new BigInteger(1, Base64.getUrlDecoder().decode(e)));
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        } catch (RuntimeException | GeneralSecurityException ex) {
            return false;
        }
    }

    private static String fingerprint(StoredKey stored) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(stored.kid().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(stored.publicJwk().encode().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(Integer.toString(stored.kekVersion()).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(stored.encryptedPrivateKey());
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAPublicKey publicKey(JsonObject jwk) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n"))),
                    new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e")))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private SigningKey toSigningKey(StoredKey stored) {
        byte[] pkcs8 = encryption.decrypt(stored.kekVersion(), stored.encryptedPrivateKey(), stored.kid());
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
