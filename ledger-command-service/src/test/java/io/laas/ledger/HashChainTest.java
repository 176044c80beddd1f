package io.laas.ledger;

import static io.laas.ledger.ChainFixtures.lastHash;
import static io.laas.ledger.ChainFixtures.storedEnvelopes;
import static io.laas.ledger.LedgerFixtures.LEDGER_TOPIC;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.writeToken;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.events.chain.CanonicalJson;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Every writer links its events into the ledger's hash chain: the stored envelope, the outbox row and the Kafka
 * record carry the same hash, each recomputed here from the stored envelope and the one before it.
 */
@QuarkusTest
class HashChainTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void everyEventIsLinkedToTheOneBeforeItFromTheGenesis() throws Exception {
        UUID ledger = ChainFixtures.populatedLedger(pool);
        // a group commit: concurrent transactions share batches, each event still linked to the one before it
        List<CompletableFuture<Void>> concurrent = IntStream.range(0, 40)
                .mapToObj(i -> CompletableFuture.runAsync(() -> ChainFixtures.post(ledger, "burst-" + i, "cash", "revenue",
                        "1.00", null, null)))
                .toList();
        concurrent.forEach(CompletableFuture::join);

        List<JsonObject> envelopes = storedEnvelopes(pool, ledger);
        assertEquals(49, envelopes.size());
        String previous = sha256(ledger.toString());
        for (JsonObject envelope : envelopes) {
            JsonObject hashed = envelope.copy();
            String stored = (String) hashed.remove("hash");
            String expected = sha256(previous + CanonicalJson.canonicalize(hashed));
            assertEquals(expected, stored, "event " + envelope.getLong("sequence"));
            previous = stored;
        }
        assertEquals(previous, lastHash(pool, ledger), "the ledger's head is its last event's hash");
        assertTrue(envelopes.stream().anyMatch(e -> e.getJsonObject("data").getJsonObject("metadata") != null
                && e.getJsonObject("data").getJsonObject("metadata").containsKey("\ud83d\ude00")),
                "the exotic metadata was stored");

        Map<String, String> stored = new HashMap<>();
        envelopes.forEach(e -> stored.put(e.getString("event_id"), e.getString("hash")));
        List<ConsumerRecord<String, String>> published = LedgerFixtures.awaitRecords(LEDGER_TOPIC,
                record -> ledger.toString().equals(record.key()), envelopes.size());
        assertEquals(envelopes.size(), published.size());
        for (ConsumerRecord<String, String> record : published) {
            JsonObject value = new JsonObject(record.value());
            assertEquals(stored.get(value.getString("event_id")), value.getString("hash"), "Kafka carries the stored hash");
        }
    }

    @Test
    void aLedgersFirstEventIsHashedOverTheSha256OfItsId() throws Exception {
        UUID ledger = LedgerFixtures.ledger(pool, "EUR");
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(Map.of("code", "cash", "name", "Cash", "type", "asset"))
                .when().post("/v1/ledgers/{id}/accounts", ledger).then().statusCode(201);

        JsonObject first = storedEnvelopes(pool, ledger).get(0);
        JsonObject hashed = first.copy();
        hashed.remove("hash");
        assertEquals(sha256(sha256(ledger.toString()) + CanonicalJson.canonicalize(hashed)), first.getString("hash"));
        assertEquals(first.getString("hash"), lastHash(pool, ledger));
    }

    @Test
    void aRefusedWriteLeavesTheChainAsItWas() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        ChainFixtures.account(ledger, "cash", "asset", null);
        String head = lastHash(pool, ledger);
        given().auth().oauth2(writeToken(ledger)).contentType(ContentType.JSON)
                .body(Map.of("code", "cash", "name", "Cash again", "type", "asset"))
                .when().post("/v1/ledgers/{id}/accounts", ledger).then().statusCode(409);
        assertEquals(head, lastHash(pool, ledger));
        assertEquals(1, count(pool, "SELECT count(*) FROM events WHERE ledger_id = $1", ledger));
    }

    @Test
    void theMigrationThatLinksOlderEventsRan() {
        assertEquals(1, count(pool, "SELECT count(*) FROM flyway_schema_history WHERE version = '5.1' AND success"));
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
