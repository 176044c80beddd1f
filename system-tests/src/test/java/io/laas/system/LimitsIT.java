package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The size limits hold end to end: the largest transaction the API accepts travels through the
 * command service, the outbox relay, Kafka, the projector and the webhook service intact; anything
 * larger is refused at the door with a problem and changes nothing.
 */
class LimitsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LoopbackReceiver receiver;

    @BeforeAll
    static void start() {
        RunningStack.get();
        receiver = LoopbackReceiver.start("/limits");
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** {@code pairs} debit/credit pairs of 0.01 EUR, with metadata of exactly {@code metadataBytes} bytes of JSON. */
    private static ObjectNode transaction(String debit, String credit, int pairs, int metadataBytes) {
        ObjectNode body = JSON.createObjectNode().put("idempotency_key", UUID.randomUUID().toString()).put("currency", "EUR");
        ArrayNode postings = body.putArray("postings");
        for (int i = 0; i < pairs; i++) {
            postings.addObject().put("account_code", debit).put("direction", "debit").put("amount", "0.01");
            postings.addObject().put("account_code", credit).put("direction", "credit").put("amount", "0.01");
        }
        int noteBytes = metadataBytes - "{\"note\":\"\"}".length();
        body.putObject("metadata").put("note", "é".repeat(noteBytes / 2) + "x".repeat(noteBytes % 2));
        return body;
    }

    private static int utf8Length(Object json) {
        return json.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void theLargestAcceptedTransactionIsProjectedAndDeliveredIntact() throws Exception {
        String token = RunningStack.otherToken();
        UUID ledger = RunningStack.OTHER_LEDGER;
        String debit = LedgerApi.newCode("big-cash");
        String credit = LedgerApi.newCode("big-sales");
        LedgerApi.createAccount(token, ledger, debit, "asset");
        LedgerApi.createAccount(token, ledger, credit, "revenue");
        String url = receiver.url();
        String secret = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", url, "event_types", List.of("transaction.posted")))
                .post("/v1/ledgers/{ledger}/webhook-endpoints", ledger)
                .then().statusCode(201).extract().path("secret");
        ObjectNode largest = transaction(debit, credit, 128, 16 * 1024);
        assertEquals(16 * 1024, utf8Length(largest.get("metadata")));

        String transactionId = LedgerApi.post(token, ledger, largest.toString())
                .then().statusCode(201).extract().path("transaction_id");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(token).get("/v1/ledgers/{ledger}/transactions/{id}", ledger, transactionId)
                        .then().statusCode(200).body("postings.size()", equalTo(256)));
        LedgerApi.account(token, ledger, debit).then().statusCode(200).body("balance", equalTo("1.28"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> receiver.requests().stream().anyMatch(r -> r.body().contains(transactionId)));
        LoopbackReceiver.Request delivered = receiver.requests().stream().filter(r -> r.body().contains(transactionId))
                .findFirst().orElseThrow();
        new Webhook(secret).verify(delivered.body(), delivered.headers());
        JsonPath data = new JsonPath(delivered.body());
        assertEquals(256, data.getList("data.data.postings").size());
        assertEquals(largest.get("metadata").get("note").asText(), data.getString("data.data.metadata.note"));
        assertTrue(delivered.body().getBytes(StandardCharsets.UTF_8).length < 256 * 1024);
    }

    @Test
    void tooManyPostingsOrTooMuchMetadataIs400AndNothingIsPosted() {
        String token = RunningStack.otherToken();
        UUID ledger = RunningStack.OTHER_LEDGER;
        String debit = LedgerApi.newCode("lim-cash");
        String credit = LedgerApi.newCode("lim-sales");
        LedgerApi.createAccount(token, ledger, debit, "asset");
        LedgerApi.createAccount(token, ledger, credit, "revenue");
        ObjectNode tooMany = transaction(debit, credit, 128, 20);
        ((ArrayNode) tooMany.get("postings")).addObject().put("account_code", debit).put("direction", "debit")
                .put("amount", "0.01");
        ObjectNode tooMuchMetadata = transaction(debit, credit, 1, 16 * 1024 + 2);
        assertTrue(utf8Length(tooMuchMetadata.get("metadata")) > 16 * 1024);

        for (ObjectNode body : List.of(tooMany, tooMuchMetadata)) {
            LedgerApi.post(token, ledger, body.toString()).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"));
        }
        LedgerApi.account(token, ledger, debit).then().statusCode(200).body("balance", equalTo("0.00"));
    }

    @Test
    void aBodyOverOneMibIs413AtTheGateway() {
        String token = RunningStack.otherToken();
        String body = transaction("a", "b", 1, 20).put("padding", "x".repeat(1024 * 1024)).toString();

        LedgerApi.post(token, RunningStack.OTHER_LEDGER, body).then().statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }
}
