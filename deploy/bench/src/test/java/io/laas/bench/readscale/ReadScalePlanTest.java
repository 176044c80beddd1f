package io.laas.bench.readscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ReadScalePlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ReadScalePlan full = new ReadScalePlan(1_000_000, 10_000);

    @Test
    void aMillionTransactionsGiveTheStatementAccountAHundredThousandPostingsInAThousandBulks() {
        assertEquals(100_000, full.statementPostings());
        assertEquals(1_000, full.bulks());
        assertEquals(999_000, full.bulkFirst(999));
        assertEquals(1_000_000, full.bulkEnd(999));
        assertEquals(10_025, full.allAccounts());

        ReadScalePlan small = new ReadScalePlan(2_500, 10);
        assertEquals(3, small.bulks());
        assertEquals(2_500, small.bulkEnd(2), "the last bulk is the rest");
        assertEquals(250, small.statementPostings());
    }

    @Test
    void accountsComeParentsFirstInEveryTypeWithEveryOtherPostingAccountUnderAGroup() {
        List<ReadScalePlan.Account> accounts = full.accounts();
        assertEquals(full.allAccounts(), accounts.size());
        Set<String> opened = new HashSet<>();
        for (ReadScalePlan.Account account : accounts) {
            assertTrue(account.parentCode() == null || opened.contains(account.parentCode()),
                    account.code() + " comes after its parent");
            assertTrue(opened.add(account.code()), "codes are unique: " + account.code());
            assertTrue(account.code().matches("[A-Za-z0-9_.:-]{1,64}"), account.code());
        }
        Map<String, Long> byType = accounts.stream().collect(Collectors.groupingBy(ReadScalePlan.Account::type,
                Collectors.counting()));
        assertEquals(Set.copyOf(ReadScalePlan.TYPES), byType.keySet());
        assertEquals(ReadScalePlan.STATEMENT_ACCOUNT, full.accountCode(0));
        assertEquals("asset", full.type(0));
        long withParent = accounts.stream().filter(a -> a.code().startsWith("rs-") && a.parentCode() != null).count();
        assertEquals(5_001, withParent, "every other posting account (the odd ones) and the statement account have a parent");
        for (ReadScalePlan.Account account : accounts) {
            if (account.parentCode() != null) {
                String parentType = accounts.stream().filter(a -> a.code().equals(account.parentCode())).findFirst()
                        .orElseThrow().type();
                assertEquals(parentType, account.type(), account.code() + " rolls up into a group of its type");
            }
        }
    }

    @Test
    void everyTenthTransactionPostsToTheStatementAccountAndEveryTransactionBalancesOnTwoAccounts() throws Exception {
        Set<String> codes = full.accounts().stream().map(ReadScalePlan.Account::code).collect(Collectors.toSet());
        for (long n = 0; n < 2_000; n++) {
            JsonNode transaction = JSON.readTree(full.transaction(n));
            assertEquals(ReadScalePlan.idempotencyKey(n), transaction.path("idempotency_key").asText());
            JsonNode postings = transaction.path("postings");
            assertEquals(2, postings.size());
            String debit = postings.get(0).path("account_code").asText();
            String credit = postings.get(1).path("account_code").asText();
            assertEquals("debit", postings.get(0).path("direction").asText());
            assertEquals("credit", postings.get(1).path("direction").asText());
            assertNotEquals(debit, credit, "transaction " + n);
            assertTrue(codes.contains(debit) && codes.contains(credit), "accounts of the plan: " + transaction);
            assertFalse(debit.startsWith("grp-") || credit.startsWith("grp-"), "groups take no postings");
            BigDecimal amount = new BigDecimal(postings.get(0).path("amount").asText());
            assertEquals(amount, new BigDecimal(postings.get(1).path("amount").asText()));
            assertTrue(amount.signum() > 0 && amount.scale() == 2, amount.toString());
            boolean statement = debit.equals(ReadScalePlan.STATEMENT_ACCOUNT) || credit.equals(ReadScalePlan.STATEMENT_ACCOUNT);
            assertEquals(n % 10 == 0, statement, "transaction " + n);
            assertEquals(transaction.path("occurred_at").asText(), full.occurredAt(n).toString());
        }
    }

    @Test
    void theSameNumberIsTheSameTransactionSoThatASecondSeedingReplays() {
        ReadScalePlan again = new ReadScalePlan(1_000_000, 10_000);
        for (long n : new long[] { 0, 1, 17, 999_999 }) {
            assertEquals(full.transaction(n), again.transaction(n));
        }
        assertNotEquals(full.transaction(1), full.transaction(2));
    }

    @Test
    void effectiveTimesFollowTheNumberAcrossTheYearWithATenthBackDated() {
        long backDated = 0;
        Instant previous = ReadScalePlan.EFFECTIVE_FROM;
        Function<Long, Instant> at = full::occurredAt;
        for (long n = 0; n < 1_000_000; n += 97) {
            Instant occurred = at.apply(n);
            assertFalse(occurred.isBefore(ReadScalePlan.EFFECTIVE_FROM) || !occurred.isBefore(ReadScalePlan.EFFECTIVE_TO),
                    occurred.toString());
            Instant onTime = ReadScalePlan.EFFECTIVE_FROM.plusMillis((long) (Duration.between(ReadScalePlan.EFFECTIVE_FROM,
                    ReadScalePlan.EFFECTIVE_TO).toMillis() * ((n + 0.5) / 1_000_000)));
            assertFalse(occurred.isAfter(onTime));
            assertFalse(occurred.isBefore(onTime.minus(ReadScalePlan.BACKDATE_MAX)));
            if (occurred.isBefore(onTime)) {
                backDated++;
            }
            previous = occurred;
        }
        double share = backDated / (1_000_000 / 97.0);
        assertTrue(share > 0.08 && share < 0.12, "about a tenth back-dated: " + share);
        assertTrue(previous.isAfter(Instant.parse("2025-12-01T00:00:00Z")), "the last ones near the year's end");
    }

    @Test
    void aBulkIsOneRequestOfIndependentItems() throws Exception {
        List<Long> items = LongStream.range(full.bulkFirst(3), full.bulkEnd(3)).boxed().toList();
        JsonNode bulk = JSON.readTree(full.bulk(items));

        assertFalse(bulk.path("atomic").asBoolean(true));
        assertEquals(ReadScalePlan.BULK_SIZE, bulk.path("transactions").size());
        assertEquals("rs-3000", bulk.path("transactions").get(0).path("idempotency_key").asText());
        assertTrue(full.bulk(items).length() < 1024 * 1024, "well under the 8 MiB of a bulk");
        assertNull(JSON.readTree(full.bulk(List.of(5L))).path("transactions").get(0).get("metadata"));
    }

    @Test
    void tooFewAccountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReadScalePlan(10, 2));
        assertThrows(IllegalArgumentException.class, () -> new ReadScalePlan(-1, 10));
    }
}
