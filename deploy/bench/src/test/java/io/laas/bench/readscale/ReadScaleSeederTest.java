package io.laas.bench.readscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.laas.bench.BenchSetupException;

class ReadScaleSeederTest {

    private static final List<Long> ITEMS = List.of(3000L, 3001L, 3002L, 3003L);

    @Test
    void postedAndReplayedItemsCountAndThoseAnswered5xxOrWithoutAResultAreSentAgain() {
        String answer = """
                {"atomic": false, "results": [
                  {"index": 0, "status": 201, "transaction_id": "a", "ledger_sequence": 41, "replayed": false},
                  {"index": 1, "status": 503, "problem": {"code": "LEDGER_BUSY"}},
                  {"index": 3, "status": 201, "transaction_id": "b", "ledger_sequence": 17, "replayed": true}]}""";

        ReadScaleSeeder.Tally tally = ReadScaleSeeder.tally(ITEMS, answer);

        assertEquals(1, tally.posted());
        assertEquals(1, tally.replayed());
        assertEquals(41, tally.highestSequence());
        assertEquals(List.of(3001L, 3002L), tally.again());
        assertTrue(tally.firstProblem().startsWith("503 "), tally.firstProblem());
    }

    @Test
    void anUnreadableAnswerSendsTheWholeBulkAgainAndCountsNothing() {
        ReadScaleSeeder.Tally tally = ReadScaleSeeder.tally(ITEMS, "<html>bad gateway</html>");

        assertEquals(ITEMS, tally.again());
        assertEquals(0, tally.posted() + tally.replayed());
    }

    @Test
    void aKeyUsedForAnotherTransactionStopsTheSeedingWithWhatToDo() {
        String answer = """
                {"atomic": false, "results": [
                  {"index": 0, "status": 409, "problem": {"code": "IDEMPOTENCY_KEY_REUSED"}}]}""";

        BenchSetupException refused = assertThrows(BenchSetupException.class,
                () -> ReadScaleSeeder.tally(List.of(7L), answer));
        assertTrue(refused.getMessage().contains("rs-7: 409"), refused.getMessage());
        assertTrue(refused.getMessage().contains("start the stack with --fresh"), refused.getMessage());
        assertThrows(BenchSetupException.class, () -> ReadScaleSeeder.tally(List.of(7L),
                "{\"results\": [{\"index\": 0, \"status\": 422, \"problem\": {\"code\": \"ACCOUNT_NOT_FOUND\"}}]}"));
    }
}
