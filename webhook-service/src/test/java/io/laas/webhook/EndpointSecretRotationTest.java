package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.standardwebhooks.Webhook;

import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.laas.web.crypto.VersionedEncryption;
import io.laas.web.security.Scopes;
import io.laas.webhook.delivery.WebhookSignature;
import io.laas.webhook.endpoint.service.EndpointSecretEncryption;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The endpoints' signing secrets under a rotated secret-encryption key: version 2 is current and the key of the
 * other tests (version 1) previous. Secrets under version 1, and secrets still in clear from before they were
 * encrypted, are encrypted under version 2 in place, and deliveries keep the signature of the endpoint's original
 * secret.
 */
@QuarkusTest
@TestProfile(EndpointSecretRotationTest.Rotated.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointSecretRotationTest {

    static final String OLD_KEY = "local-webhook-secret-encryption-key-change-me";
    static final String NEW_KEY = "rotated-webhook-secret-encryption-key-version-2";
    static final String LABEL = "laas-webhook-endpoint-secret:";

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "laas.webhook.allow-private-targets", "true",
                    "laas.webhook.secret-encryption-key", NEW_KEY,
                    "laas.webhook.secret-encryption-key-version", "2",
                    "laas.webhook.secret-encryption-previous-keys.1", OLD_KEY);
        }
    }

    private static final VersionedEncryption BEFORE_ROTATION = new VersionedEncryption("test", LABEL, 1, OLD_KEY,
            Map.of(2, NEW_KEY));
    private static final VersionedEncryption ONLY_CURRENT = new VersionedEncryption("test", LABEL, 2, NEW_KEY, Map.of());
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    EndpointSecretEncryption encryption;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** Leaves the secrets as the tests of the default profile (version 1 only) find them. */
    @AfterAll
    void restoreVersion1() {
        for (Row row : rows("SELECT id, secret_enc, secret_key_version FROM endpoints WHERE secret_key_version = 2",
                Tuple.tuple())) {
            try {
                var sealed = BEFORE_ROTATION.resealed(2, row.getBuffer("secret_enc").getBytes(), row.getUUID("id").toString())
                        .orElseThrow();
                rows("UPDATE endpoints SET secret_enc = $2, secret_key_version = 1 WHERE id = $1 RETURNING id",
                        Tuple.of(row.getUUID("id"), Buffer.buffer(sealed.ciphertext())));
            } catch (VersionedEncryption.NotOpened ignored) {
                // not ours
            }
        }
        for (Row row : rows("SELECT id, previous_secret_enc FROM endpoints WHERE previous_secret_key_version = 2",
                Tuple.tuple())) {
            try {
                var sealed = BEFORE_ROTATION.resealed(2, row.getBuffer("previous_secret_enc").getBytes(),
                        row.getUUID("id").toString()).orElseThrow();
                rows("UPDATE endpoints SET previous_secret_enc = $2, previous_secret_key_version = 1 WHERE id = $1"
                        + " RETURNING id", Tuple.of(row.getUUID("id"), Buffer.buffer(sealed.ciphertext())));
            } catch (VersionedEncryption.NotOpened ignored) {
                // not ours
            }
        }
    }

    @Test
    void aPreviousSecretKeptThroughARotationIsReEncryptedUnderTheCurrentKeyToo() {
        UUID ledger = UUID.randomUUID();
        var created = given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE))
                .contentType(ContentType.JSON).body(Map.of("url", "https://93.184.215.14/hooks/rotated"))
                .post(EndpointResourceTest.path(ledger)).then().statusCode(201).extract().response();
        UUID id = UUID.fromString(created.path("id"));
        String original = created.path("secret");
        given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE))
                .post(EndpointResourceTest.path(ledger) + "/" + id + "/secret/rotate").then().statusCode(200);
        // the previous secret as a replica still on key version 1 would have sealed it
        Row row = row("SELECT previous_secret_enc, previous_secret_key_version FROM endpoints WHERE id = $1",
                Tuple.of(id));
        assertEquals(2, row.getInteger("previous_secret_key_version"));
        var underVersion1 = BEFORE_ROTATION.resealed(2, row.getBuffer("previous_secret_enc").getBytes(), id.toString())
                .orElseThrow();
        rows("UPDATE endpoints SET previous_secret_enc = $2, previous_secret_key_version = 1 WHERE id = $1 RETURNING id",
                Tuple.of(id, Buffer.buffer(underVersion1.ciphertext())));
        assertTrue(encryption.count().await().atMost(WAIT).containsKey(1));

        assertTrue(encryption.resealAll().await().atMost(WAIT) >= 1);
        row = row("SELECT previous_secret_enc, previous_secret_key_version FROM endpoints WHERE id = $1", Tuple.of(id));
        assertEquals(2, row.getInteger("previous_secret_key_version"));
        assertEquals(original, new String(ONLY_CURRENT.open(2, row.getBuffer("previous_secret_enc").getBytes(),
                id.toString()), StandardCharsets.UTF_8));
    }

    @Test
    void secretsUnderThePreviousKeyOrInClearAreEncryptedUnderTheCurrentKeyAndDeliveriesKeepTheirSignature() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            // registered now: sealed under the current key, never in clear
            var created = given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE))
                    .contentType(ContentType.JSON).body(Map.of("url", receiver.url("/rotated")))
                    .post(EndpointResourceTest.path(ledger)).then().statusCode(201).extract().response();
            UUID rotated = UUID.fromString(created.path("id"));
            String rotatedSecret = created.path("secret");
            assertStoredUnderVersion2(rotated, rotatedSecret);

            // as it stood before the rotation: under version 1, now the previous key
            Row row = row("SELECT secret_enc FROM endpoints WHERE id = $1", Tuple.of(rotated));
            var underVersion1 = BEFORE_ROTATION.resealed(2, row.getBuffer("secret_enc").getBytes(), rotated.toString())
                    .orElseThrow();
            rows("UPDATE endpoints SET secret_enc = $2, secret_key_version = 1 WHERE id = $1 RETURNING id",
                    Tuple.of(rotated, Buffer.buffer(underVersion1.ciphertext())));

            // as it stood before secrets were encrypted: in clear
            UUID legacy = UUID.randomUUID();
            String legacySecret = WebhookSignature.newSecret();
            rows("INSERT INTO endpoints (id, ledger_id, url, secret) VALUES ($1, $2, $3, $4) RETURNING id",
                    Tuple.of(legacy, ledger, receiver.url("/legacy"), legacySecret));

            assertTrue(encryption.count().await().atMost(WAIT).keySet().containsAll(List.of(0, 1)));
            assertTrue(registry.get("laas.webhook.endpoint.secrets.not.current").gauge().value() >= 2);

            int resealed = encryption.resealAll().await().atMost(WAIT);
            assertTrue(resealed >= 2, "resealed " + resealed);
            assertStoredUnderVersion2(rotated, rotatedSecret);
            assertStoredUnderVersion2(legacy, legacySecret);
            assertEquals(0, rows("SELECT id FROM endpoints WHERE id = ANY($1) AND (secret IS NOT NULL "
                    + "OR secret_key_version <> 2)", Tuple.of((Object) new UUID[] { rotated, legacy })).size());
            assertEquals(0, encryption.resealAll().await().atMost(WAIT), "nothing left to encrypt");
            encryption.count().await().atMost(WAIT);
            assertEquals(0.0, registry.get("laas.webhook.endpoint.secrets.not.current").gauge().value(),
                    "every other endpoint was encrypted under the current key at start");

            UUID eventId = UUID.randomUUID();
            LedgerEvents.send(ledger, eventId, "transaction.posted", LedgerEvents.transactionPosted(eventId, ledger, 1));
            await().atMost(WAIT).until(() -> receiver.requests("/rotated").size() == 1
                    && receiver.requests("/legacy").size() == 1);
            Receiver.Request toRotated = receiver.requests("/rotated").get(0);
            Receiver.Request toLegacy = receiver.requests("/legacy").get(0);
            assertDoesNotThrow(() -> new Webhook(rotatedSecret).verify(toRotated.body(), toRotated.headers()));
            assertDoesNotThrow(() -> new Webhook(legacySecret).verify(toLegacy.body(), toLegacy.headers()));
            assertThrows(Exception.class, () -> new Webhook(legacySecret).verify(toRotated.body(), toRotated.headers()));
        }
    }

    @Test
    void aSecretSealedForAnotherEndpointDoesNotOpenAndIsLeftAsItIs() {
        UUID ledger = UUID.randomUUID();
        UUID original = UUID.randomUUID();
        UUID copy = UUID.randomUUID();
        // sealed under version 1 for another endpoint: the key is right, the endpoint is not
        var sealed = BEFORE_ROTATION.seal(WebhookSignature.newSecret().getBytes(StandardCharsets.UTF_8), original.toString());
        rows("INSERT INTO endpoints (id, ledger_id, url, secret_enc, secret_key_version) VALUES ($1, $2, "
                + "'https://example.com/hook', $3, 1) RETURNING id", Tuple.of(copy, ledger, Buffer.buffer(sealed.ciphertext())));

        encryption.resealAll().await().atMost(WAIT);
        Row row = row("SELECT secret_enc, secret_key_version FROM endpoints WHERE id = $1", Tuple.of(copy));
        assertEquals(1, row.getInteger("secret_key_version"));
        assertTrue(java.util.Arrays.equals(sealed.ciphertext(), row.getBuffer("secret_enc").getBytes()));
        rows("DELETE FROM endpoints WHERE id = $1 RETURNING id", Tuple.of(copy));
    }

    private void assertStoredUnderVersion2(UUID id, String secret) {
        Row row = row("SELECT secret, secret_enc, secret_key_version FROM endpoints WHERE id = $1", Tuple.of(id));
        assertNull(row.getString("secret"), "not in clear");
        assertEquals(2, row.getInteger("secret_key_version"));
        byte[] stored = row.getBuffer("secret_enc").getBytes();
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(secret.substring("whsec_".length())));
        assertEquals(secret, new String(ONLY_CURRENT.open(2, stored, id.toString()), StandardCharsets.UTF_8));
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
