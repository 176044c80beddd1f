package io.laas.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class BulkTrafficTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Workload UNIFORM = Workload.uniform(UUID.fromString("b0000000-0000-0000-0000-000000000101"));

    @Test
    void aBulkHoldsUniformTransactionsEachWithAKeyOfItsOwn() throws Exception {
        BulkTraffic bulk = new BulkTraffic(UNIFORM, new TransactionBodies(TransactionShape.UNIFORM, "run-b"), 100, false);
        SplittableRandom random = new SplittableRandom(3);
        Set<String> keys = new HashSet<>();
        for (long n = 0; n < 3; n++) {
            JsonNode body = JSON.readTree(bulk.body(n, random).getBytes());
            assertFalse(body.path("atomic").asBoolean(true));
            assertEquals(100, body.path("transactions").size());
            for (JsonNode item : body.path("transactions")) {
                assertTrue(keys.add(item.path("idempotency_key").asText()), "key used twice: " + item);
                assertEquals(2, item.path("postings").size());
                assertEquals("USD", item.path("currency").asText());
            }
        }
        assertEquals(300, keys.size());
        assertTrue(keys.contains("run-b-0") && keys.contains("run-b-299"), keys.toString());
        assertEquals("/transactions/bulk", bulk.pathSuffix(0, random));
        assertEquals(100, bulk.itemsPerRequest());

        BulkTraffic atomic = new BulkTraffic(UNIFORM, new TransactionBodies(TransactionShape.UNIFORM, "run-c"), 5, true);
        assertTrue(JSON.readTree(atomic.body(0, random).getBytes()).path("atomic").asBoolean(false));
        assertThrows(IllegalArgumentException.class,
                () -> new BulkTraffic(UNIFORM, new TransactionBodies(TransactionShape.UNIFORM, "x"), 1001, false));
    }

    @Test
    void independentItemsCountOneByOne() {
        String answer = """
                {"atomic":false,"results":[
                  {"index":0,"status":201,"transaction_id":"1b4a2f56-0000-0000-0000-000000000001","ledger_sequence":7,"replayed":false},
                  {"index":1,"status":422,"problem":{"code":"ACCOUNT_NOT_FOUND"}},
                  {"index":2,"status":201,"transaction_id":"1b4a2f56-0000-0000-0000-000000000002","ledger_sequence":8,"replayed":true},
                  {"index":3,"status":201,"transaction_id":"1b4a2f56-0000-0000-0000-000000000003","ledger_sequence":9,"replayed":false}
                ]}""";

        Outcome outcome = BulkTraffic.outcome(200, bytes(answer), 4, false);

        assertEquals(2, outcome.accepted());
        // a replay is no new transaction: counted as a single post answers it, 200
        assertEquals(Map.of(422, 1L, 200, 1L), outcome.refused());
        assertEquals(0, outcome.uncertain());
    }

    @Test
    void anAtomicBulkIsPostedWholeOrNotAtAll() {
        String posted = """
                {"atomic":true,"results":[{"index":0,"status":201,"replayed":false},{"index":1,"status":201,"replayed":false}]}""";

        assertEquals(new Outcome(2, Map.of(), 0), BulkTraffic.outcome(201, bytes(posted), 2, true));
        assertEquals(new Outcome(0, Map.of(422, 2L), 0),
                BulkTraffic.outcome(422, bytes("{\"code\":\"INSUFFICIENT_FUNDS\",\"index\":1}"), 2, true));
        // 200 is no answer an atomic bulk gets
        assertEquals(0, BulkTraffic.outcome(200, bytes(posted), 2, true).accepted());
    }

    @Test
    void itemsOfARequestWithoutAnAnswerOrWithAServerErrorMayHaveBeenPosted() {
        assertEquals(new Outcome(0, Map.of(0, 100L), 100), BulkTraffic.outcome(WindowCounter.NO_ANSWER, null, 100, false));
        assertEquals(new Outcome(0, Map.of(503, 100L), 100), BulkTraffic.outcome(503, bytes("{}"), 100, false));
        assertEquals(new Outcome(0, Map.of(400, 100L), 0), BulkTraffic.outcome(400, bytes("{}"), 100, false));
        assertEquals(new Outcome(0, Map.of(200, 3L), 3), BulkTraffic.outcome(200, bytes("not json"), 3, false));
        // results missing from an answer are uncertain too
        String short1 = "{\"atomic\":false,\"results\":[{\"index\":0,\"status\":201,\"replayed\":false}]}";
        assertEquals(new Outcome(1, Map.of(200, 2L), 2), BulkTraffic.outcome(200, bytes(short1), 3, false));
    }

    @Test
    void readsAndSinglePostsCountOneAnswerEach() {
        ReadTraffic account = ReadTraffic.account(UNIFORM.ledgers().get(0));
        SplittableRandom random = new SplittableRandom(5);
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String path = account.pathSuffix(i, random);
            assertTrue(path.matches("/accounts/acct-\\d{4}"), path);
            paths.add(path);
        }
        assertEquals(TransactionBodies.ACCOUNTS, paths.size());
        assertEquals(null, account.body(0, random));
        assertFalse(account.writes());
        assertEquals(Outcome.ONE_ACCEPTED, account.outcome(200, null));
        assertEquals(new Outcome(0, Map.of(404, 1L), 0), account.outcome(404, null));
        assertEquals("/transactions?limit=20",
                ReadTraffic.transactions(UNIFORM.ledgers().get(0), 20).pathSuffix(0, random));

        PostTraffic single = new PostTraffic(UNIFORM, new TransactionBodies(TransactionShape.UNIFORM, "run-d"));
        assertTrue(single.writes());
        assertEquals(Outcome.ONE_ACCEPTED, single.outcome(201, null));
        assertEquals(new Outcome(0, Map.of(200, 1L), 0), single.outcome(200, null));
        assertEquals(new Outcome(0, Map.of(0, 1L), 1), single.outcome(WindowCounter.NO_ANSWER, null));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
