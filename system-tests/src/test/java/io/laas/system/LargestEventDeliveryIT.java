package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;

import io.restassured.http.ContentType;

/**
 * Every event that can be committed can be delivered: the largest transaction the API accepts, with every field
 * at its longest and shaped to grow most on its way (256 postings on 64-character account codes, 16 KiB of
 * metadata made of the tokens whose re-serialisation adds most, 255-character ids full of characters JSON
 * escapes), goes through the gateway, the command service, the outbox relay, Kafka and the webhook service to a
 * receiver on loopback: signed as Standard Webhooks' reference library verifies, identical to the event in the
 * ledger's feed, and under 256 KiB.
 */
class LargestEventDeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_METADATA_BYTES = 16 * 1024;
    private static final int MAX_EVENT_BYTES = 256 * 1024;
    private static LoopbackReceiver receiver;

    @BeforeAll
    static void start() {
        RunningStack.get();
        receiver = LoopbackReceiver.start("/largest");
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** An account code of exactly 64 characters, unique to this run. */
    private static String longestCode(String prefix) {
        String code = prefix + "-" + UUID.randomUUID();
        return code + ":".repeat(64 - code.length());
    }

    /** 255 characters, a third of them quotes and backslashes, which JSON writes as two characters each. */
    private static String longestText(String prefix) {
        StringBuilder text = new StringBuilder(prefix).append('-').append(UUID.randomUUID());
        while (text.length() < 255) {
            text.append(text.length() % 3 == 0 ? '"' : text.length() % 3 == 1 ? '\\' : 'é');
        }
        return text.toString();
    }

    /**
     * Metadata of exactly 16 KiB of compact JSON: a long array of zeros, which a database's text form of JSON
     * (a space after every comma) grows by half.
     */
    private static ObjectNode largestMetadata() {
        ObjectNode metadata = JSON.createObjectNode();
        ArrayNode zeros = metadata.putArray("n");
        while (utf8Length(metadata) + 2 <= MAX_METADATA_BYTES) {
            zeros.add(0);
        }
        if (utf8Length(metadata) < MAX_METADATA_BYTES) {
            zeros.set(0, JSON.getNodeFactory().numberNode(10));
        }
        return metadata;
    }

    private static int utf8Length(Object json) {
        return json.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void theLargestTransactionTheApiAcceptsReachesAWebhookIntactAndSigned() throws Exception {
        String token = RunningStack.otherToken();
        UUID ledger = RunningStack.OTHER_LEDGER;
        String debit = longestCode("dr");
        String credit = longestCode("cr");
        LedgerApi.createAccount(token, ledger, debit, "asset");
        LedgerApi.createAccount(token, ledger, credit, "revenue");
        String secret = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(), "event_types", List.of("transaction.posted")))
                .post("/v1/ledgers/{ledger}/webhook-endpoints", ledger)
                .then().statusCode(201).extract().path("secret");

        ObjectNode largest = JSON.createObjectNode()
                .put("idempotency_key", longestText("key"))
                .put("external_id", longestText("order"))
                .put("currency", "EUR");
        ArrayNode postings = largest.putArray("postings");
        for (int i = 0; i < 128; i++) {
            postings.addObject().put("account_code", debit).put("direction", "debit").put("amount", "99999999.99");
            postings.addObject().put("account_code", credit).put("direction", "credit").put("amount", "99999999.99");
        }
        largest.set("metadata", largestMetadata());
        assertEquals(MAX_METADATA_BYTES, utf8Length(largest.get("metadata")));
        assertEquals(255, largest.get("external_id").asText().length());
        assertEquals(64, debit.length());

        String transactionId = LedgerApi.post(token, ledger, largest.toString())
                .then().statusCode(201).extract().path("transaction_id");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> receiver.requests().stream().anyMatch(r -> r.body().contains(transactionId)));
        LoopbackReceiver.Request delivered = receiver.requests().stream()
                .filter(r -> r.body().contains(transactionId)).findFirst().orElseThrow();

        new Webhook(secret).verify(delivered.body(), delivered.headers());
        int size = delivered.body().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(size < MAX_EVENT_BYTES, "the webhook body is " + size + " bytes");

        JsonNode envelope = JSON.readTree(delivered.body()).get("data");
        JsonNode data = envelope.get("data");
        assertEquals(largest.get("metadata"), data.get("metadata"));
        assertEquals(largest.get("external_id"), data.get("external_id"));
        assertEquals(largest.get("idempotency_key"), data.get("idempotency_key"));
        assertEquals(256, data.get("postings").size());
        for (int i = 0; i < 256; i++) {
            JsonNode posting = data.get("postings").get(i);
            assertEquals(i % 2 == 0 ? debit : credit, posting.get("account_code").asText(), "posting " + i);
            assertEquals("99999999.99", posting.get("amount").asText(), "posting " + i);
        }
        // The envelope as the ledger recorded it (its feed), field for field: hash included.
        long sequence = envelope.get("sequence").asLong();
        JsonNode feed = JSON.readTree(given().auth().oauth2(token)
                .get("/v1/ledgers/{ledger}/events?limit=1&after_sequence=" + (sequence - 1), ledger)
                .then().statusCode(200).extract().asString());
        assertEquals(feed.get("data").get(0), envelope);
        assertEquals(delivered.webhookId(), envelope.get("event_id").asText());
    }
}
