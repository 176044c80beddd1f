package io.laas.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class TransactionBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void uniformBodiesMoveMoneyBetweenTwoDistinctAccountsAndBalance() throws Exception {
        TransactionBodies bodies = new TransactionBodies(TransactionShape.UNIFORM, "run-1");
        SplittableRandom random = new SplittableRandom(7);
        Set<String> accounts = new HashSet<>();
        for (int n = 0; n < 5000; n++) {
            JsonNode body = JSON.readTree(bodies.body(n, random).getBytes());
            assertEquals("run-1-" + n, body.path("idempotency_key").asText());
            assertEquals("USD", body.path("currency").asText());
            assertEquals(2, body.path("postings").size());
            assertBalancedWithDistinctAccounts(body);
            body.path("postings").forEach(p -> accounts.add(p.path("account_code").asText()));
        }
        assertEquals(TransactionBodies.ACCOUNTS, accounts.size(), "every account is used");
        assertTrue(accounts.contains("acct-0001") && accounts.contains("acct-1000"));
    }

    @Test
    void hotBodiesDebitTheFirstAccountEveryTime() throws Exception {
        TransactionBodies bodies = new TransactionBodies(TransactionShape.HOT, "run-2");
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 2000; n++) {
            JsonNode body = JSON.readTree(bodies.body(n, random).getBytes());
            assertEquals("acct-0001", body.path("postings").get(0).path("account_code").asText());
            assertEquals("debit", body.path("postings").get(0).path("direction").asText());
            assertBalancedWithDistinctAccounts(body);
        }
    }

    @Test
    void fourPostingBodiesUseFourDistinctAccountsTwoDebitsTwoCredits() throws Exception {
        TransactionBodies bodies = new TransactionBodies(TransactionShape.FOUR_POSTINGS, "run-3");
        SplittableRandom random = new SplittableRandom(13);
        for (int n = 0; n < 5000; n++) {
            JsonNode body = JSON.readTree(bodies.body(n, random).getBytes());
            assertEquals(4, body.path("postings").size());
            long debits = 0;
            for (JsonNode posting : body.path("postings")) {
                debits += posting.path("direction").asText().equals("debit") ? 1 : 0;
            }
            assertEquals(2, debits);
            assertBalancedWithDistinctAccounts(body);
        }
    }

    private static void assertBalancedWithDistinctAccounts(JsonNode body) {
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        Set<String> codes = new HashSet<>();
        for (JsonNode posting : body.path("postings")) {
            String code = posting.path("account_code").asText();
            assertTrue(code.matches("acct-\\d{4}") && Integer.parseInt(code.substring(5)) >= 1
                    && Integer.parseInt(code.substring(5)) <= TransactionBodies.ACCOUNTS, code);
            assertTrue(codes.add(code), "account twice in " + body);
            BigDecimal amount = new BigDecimal(posting.path("amount").asText());
            if (posting.path("direction").asText().equals("debit")) {
                debits = debits.add(amount);
            } else {
                credits = credits.add(amount);
            }
        }
        assertEquals(0, debits.compareTo(credits), "unbalanced: " + body);
    }
}
