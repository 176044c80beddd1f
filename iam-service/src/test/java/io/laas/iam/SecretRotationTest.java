package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.laas.iam.crypto.CredentialHasher;
import io.laas.web.crypto.VersionedEncryption;
import io.laas.web.security.ApiKeyFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rotation of IAM's server secrets: the api-key secret and the signing-key secret each moved to version 2, with
 * the secrets of the other tests (version 1) kept as previous. Credentials hashed under version 1 still verify and
 * are rehashed under version 2; one under a version no longer configured verifies nothing; signing keys under
 * version 1 are re-encrypted in place while tokens keep being issued and verified.
 */
@QuarkusTest
@TestProfile(SecretRotationTest.Rotated.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretRotationTest {

    static final String OLD_API_KEY_SECRET = "change-me-in-production";
    static final String NEW_API_KEY_SECRET = "rotated-api-key-secret-version-2";
    static final String OLD_SIGNING_SECRET = "local-signing-key-secret-change-me";
    static final String NEW_SIGNING_SECRET = "rotated-signing-key-secret-version-2";
    static final String SIGNING_LABEL = "laas-iam-signing-key:";

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "laas.iam.api-key-secret", NEW_API_KEY_SECRET,
                    "laas.iam.api-key-secret-version", "2",
                    "laas.iam.api-key-previous-secrets.1", OLD_API_KEY_SECRET,
                    "laas.iam.signing-key-secret", NEW_SIGNING_SECRET,
                    "laas.iam.signing-key-secret-version", "2",
                    "laas.iam.signing-key-previous-secrets.1", OLD_SIGNING_SECRET);
        }
    }

    private static final CredentialHasher OLD_HASHER = new CredentialHasher(1, OLD_API_KEY_SECRET, Map.of());
    private static final CredentialHasher NEW_HASHER = new CredentialHasher(2, NEW_API_KEY_SECRET, Map.of());
    /** a version that is not configured: what a removed secret leaves behind */
    private static final CredentialHasher REMOVED_HASHER = new CredentialHasher(3, "removed-api-key-secret-v3", Map.of());
    /** the signing keys as the other tests (version 1 only) need them */
    private static final VersionedEncryption BEFORE_ROTATION = new VersionedEncryption("test", SIGNING_LABEL, 1,
            OLD_SIGNING_SECRET, Map.of(2, NEW_SIGNING_SECRET));

    @Inject
    Pool pool;

    private final List<String> forgedKids = new ArrayList<>();

    @BeforeAll
    void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** Leaves the signing keys as the tests of the default profile (version 1 only) must find them at start. */
    @AfterAll
    void restoreSigningKeysUnderVersion1() {
        rows("DELETE FROM signing_keys WHERE kid = ANY($1) RETURNING kid", Tuple.of(forgedKids.toArray(String[]::new)));
        moveSigningKeysTo(BEFORE_ROTATION);
    }

    @Test
    void anApiKeyHashedUnderThePreviousSecretVerifiesAndIsRehashedInPlace() {
        String key = ApiKeyFormat.generate(false);
        String oldHash = OLD_HASHER.hash(key).hash();
        UUID id = insertKey(key, oldHash, 1);

        token(key).statusCode(200);
        Row row = row("SELECT key_hash, key_hash_version FROM api_keys WHERE id = $1", Tuple.of(id));
        assertEquals(2, row.getInteger("key_hash_version"));
        assertEquals(NEW_HASHER.hash(key).hash(), row.getString("key_hash"));
        assertEquals(0, rows("SELECT id FROM api_keys WHERE key_hash = $1", Tuple.of(oldHash)).size(), "old hash gone");

        // from now on it is found under the current version
        token(key).statusCode(200);
        assertEquals(2, row("SELECT key_hash_version FROM api_keys WHERE id = $1", Tuple.of(id)).getInteger(0));
    }

    @Test
    void aClientSecretAndAPreviousSecretInTheirOverlapHashedUnderThePreviousSecretVerifyAndAreRehashed() {
        String clientId = "rotation-" + UUID.randomUUID();
        String current = "current-client-secret-" + UUID.randomUUID();
        String previous = "previous-client-secret-" + UUID.randomUUID();
        rows("INSERT INTO oauth_clients (client_id, secret_hash, secret_hash_version, previous_secret_hash, "
                + "previous_secret_hash_version, previous_secret_expires_at, name, org_id, project_id, scopes, ledger_ids) "
                + "VALUES ($1, $2, 1, $3, 1, $4, 'rotation', $5, $6, '{ledger:read}', $7) RETURNING id",
                Tuple.tuple().addString(clientId).addString(OLD_HASHER.hash(current).hash())
                        .addString(OLD_HASHER.hash(previous).hash()).addOffsetDateTime(OffsetDateTime.now().plusHours(1))
                        .addUUID(Demo.ORG).addUUID(Demo.PROJECT).addArrayOfUUID(new UUID[] { Demo.SANDBOX }));

        Tokens.accessToken(clientId, current);
        Tokens.accessToken(clientId, previous);
        Row row = row("SELECT secret_hash, secret_hash_version, previous_secret_hash, previous_secret_hash_version "
                + "FROM oauth_clients WHERE client_id = $1", Tuple.of(clientId));
        assertEquals(2, row.getInteger("secret_hash_version"));
        assertEquals(NEW_HASHER.hash(current).hash(), row.getString("secret_hash"));
        assertEquals(2, row.getInteger("previous_secret_hash_version"));
        assertEquals(NEW_HASHER.hash(previous).hash(), row.getString("previous_secret_hash"));
        Tokens.accessToken(clientId, current);
        Tokens.accessToken(clientId, previous);
        clientToken(clientId, "wrong-" + current).statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void aCredentialUnderAVersionNoLongerConfiguredVerifiesNothingAndIsCountedForTheOperator() {
        String key = ApiKeyFormat.generate(false);
        String removedHash = REMOVED_HASHER.hash(key).hash();
        UUID id = insertKey(key, removedHash, 3);
        token(key).statusCode(401).body("error", equalTo("invalid_client"));
        Row row = row("SELECT key_hash, key_hash_version FROM api_keys WHERE id = $1", Tuple.of(id));
        assertEquals(removedHash, row.getString("key_hash"));
        assertEquals(3, row.getInteger("key_hash_version"));

        String clientId = "removed-" + UUID.randomUUID();
        rows("INSERT INTO oauth_clients (client_id, secret_hash, secret_hash_version, name, org_id, project_id, scopes) "
                + "VALUES ($1, $2, 3, 'removed', $3, $4, '{ledger:read}') RETURNING id",
                Tuple.of(clientId, REMOVED_HASHER.hash("removed-client-secret").hash(), Demo.ORG, Demo.PROJECT));
        clientToken(clientId, "removed-client-secret").statusCode(401).body("error", equalTo("invalid_client"));

        String ops = Tokens.accessToken("ops-client", "ops-secret");
        given().auth().oauth2(ops).get("/v1/ops/secrets").then().statusCode(200)
                .body("data.setting", contains("laas.iam.api-key-secret", "laas.iam.signing-key-secret"))
                .body("data[0].current_version", equalTo(2))
                .body("data[0].previous_versions", contains(1))
                .body("data[0].rows.version", hasItem(3))
                .body("data[0].rows_under_unconfigured_versions", greaterThanOrEqualTo(2))
                .body("data[1].current_version", equalTo(2))
                .body("data[1].previous_versions", contains(1));
        given().auth().oauth2(Tokens.accessToken(Demo.ADMIN_CLIENT_ID, Demo.ADMIN_CLIENT_SECRET))
                .get("/v1/ops/secrets").then().statusCode(403);
        given().get("/v1/ops/secrets").then().statusCode(401);
    }

    @Test
    void signingKeysUnderThePreviousSecretAreReEncryptedInPlaceWhileTokensKeepVerifying() throws Exception {
        String ops = Tokens.accessToken("ops-client", "ops-secret");
        List<String> published = publishedKids();
        // start-up re-encrypted every published key under the current version
        for (String kid : published) {
            assertEquals(2, row("SELECT kek_version FROM signing_keys WHERE kid = $1", Tuple.of(kid)).getInteger(0), kid);
        }
        String before = Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET);

        // as the rows stood before the upgrade: under version 1, which is now the previous secret
        int moved = moveSigningKeysTo(BEFORE_ROTATION);
        assertTrue(moved >= published.size(), "moved " + moved);
        Map<String, byte[]> underVersion1 = ciphertexts(published);
        assertEquals(published, publishedKids(), "keys under the previous secret are still published");
        given().auth().oauth2(before).get("/v1/ledgers").then().statusCode(200);
        given().auth().oauth2(Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET)).get("/v1/ledgers")
                .then().statusCode(200);
        given().auth().oauth2(ops).get("/v1/ops/secrets").then().statusCode(200)
                .body("data[1].rows_under_previous_versions", equalTo(published.size()));

        // forged rows (no secret): one claiming the current version, one the previous; neither is published
        String forgedCurrent = insertForged(2);
        String forgedPrevious = insertForged(1);

        // two replicas re-encrypt at once: every row is written once
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> reencrypt(ops));
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> reencrypt(ops));
        assertEquals(moved, first.join() + second.join());
        assertEquals(0, reencrypt(ops), "nothing left to re-encrypt");

        for (String kid : published) {
            Row row = row("SELECT kek_version, private_key_enc FROM signing_keys WHERE kid = $1", Tuple.of(kid));
            assertEquals(2, row.getInteger("kek_version"), kid);
            assertFalse(Arrays.equals(underVersion1.get(kid), row.getBuffer("private_key_enc").getBytes()), kid);
        }
        assertEquals(1, row("SELECT kek_version FROM signing_keys WHERE kid = $1", Tuple.of(forgedPrevious)).getInteger(0),
                "a forged row is left as it is");
        assertEquals(published, publishedKids());
        given().get("/.well-known/jwks.json").then().body("keys.kid", not(hasItem(forgedCurrent)))
                .body("keys.kid", not(hasItem(forgedPrevious)));
        given().auth().oauth2(before).get("/v1/ledgers").then().statusCode(200);
        String after = Tokens.accessToken(Demo.CLIENT_ID, Demo.CLIENT_SECRET);
        given().auth().oauth2(after).get("/v1/ledgers").then().statusCode(200);
        assertEquals(kid(before), kid(after), "the same key signs");
        given().auth().oauth2(ops).get("/v1/ops/secrets").then().statusCode(200)
                .body("data[1].rows_under_previous_versions", equalTo(0));
        given().auth().oauth2(Tokens.accessToken(Demo.ADMIN_CLIENT_ID, Demo.ADMIN_CLIENT_SECRET))
                .post("/v1/ops/secrets/re-encryption").then().statusCode(403);
    }

    private int reencrypt(String ops) {
        return given().auth().oauth2(ops).post("/v1/ops/secrets/re-encryption").then().statusCode(200)
                .extract().path("reencrypted");
    }

    /** Re-encrypts every key row that opens under {@code target}'s versions to its current version; how many moved. */
    private int moveSigningKeysTo(VersionedEncryption target) {
        int moved = 0;
        for (Row row : rows("SELECT kid, kek_version, private_key_enc FROM signing_keys", Tuple.tuple())) {
            String kid = row.getString("kid");
            try {
                var resealed = target.resealed(row.getInteger("kek_version"), row.getBuffer("private_key_enc").getBytes(),
                        kid);
                if (resealed.isPresent()) {
                    rows("UPDATE signing_keys SET private_key_enc = $2, kek_version = $3 WHERE kid = $1 RETURNING kid",
                            Tuple.of(kid, Buffer.buffer(resealed.get().ciphertext()), resealed.get().version()));
                    moved++;
                }
            } catch (VersionedEncryption.NotOpened forged) {
                // rows written without the secret (other tests) stay as they are
            }
        }
        return moved;
    }

    private Map<String, byte[]> ciphertexts(List<String> kids) {
        Map<String, byte[]> result = new HashMap<>();
        for (String kid : kids) {
            result.put(kid, row("SELECT private_key_enc FROM signing_keys WHERE kid = $1", Tuple.of(kid))
                    .getBuffer(0).getBytes());
        }
        return result;
    }

    /**
     * A retired key row as IAM would write it (its kid the thumbprint of its public JWK) but whose private part was
     * not encrypted under IAM's secret, claiming KEK {@code version}.
     */
    private String insertForged(int version) throws Exception {
        ForgedSigningKey forged = ForgedSigningKey.generate();
        String kid = forged.kid();
        rows("INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_enc, kek_version, status, retired_at) "
                + "VALUES ($1, 'RS256', $2, $3, $4, 'retired', now()) RETURNING kid",
                Tuple.of(kid, forged.jwk(), Buffer.buffer(ForgedSigningKey.garbage()), version));
        forgedKids.add(kid);
        return kid;
    }

    private UUID insertKey(String key, String hash, int version) {
        String sql = "INSERT INTO api_keys (project_id, ledger_ids, key_hash, key_hash_version, prefix, scopes) "
                + "VALUES ($1, $2, $3, $4, $5, '{ledger:read}') RETURNING id";
        return rows(sql, Tuple.of(Demo.PROJECT, new UUID[] { Demo.SANDBOX }, hash, version, ApiKeyFormat.prefix(key)))
                .get(0).getUUID("id");
    }

    private static ValidatableResponse token(String key) {
        return clientToken(ApiKeyFormat.prefix(key), key);
    }

    private static ValidatableResponse clientToken(String clientId, String secret) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", secret)
                .post("/oauth/token").then();
    }

    private static List<String> publishedKids() {
        return given().get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
    }

    private static String kid(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))),
                StandardCharsets.UTF_8))
                .getString("kid");
    }

    private Row row(String sql, Tuple params) {
        List<Row> found = rows(sql, params);
        assertEquals(1, found.size(), sql);
        return found.get(0);
    }

    private List<Row> rows(String sql, Tuple params) {
        List<Row> found = new ArrayList<>();
        pool.preparedQuery(sql).execute(params).await().atMost(Duration.ofSeconds(10)).forEach(found::add);
        return found;
    }
}
