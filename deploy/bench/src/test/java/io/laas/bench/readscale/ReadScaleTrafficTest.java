package io.laas.bench.readscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.laas.bench.load.WindowCounter;

class ReadScaleTrafficTest {

    private static final UUID LEDGER = UUID.fromString("b0000000-0000-0000-0000-000000000111");
    private static final ReadScalePlan PLAN = new ReadScalePlan(1_000_000, 10_000);
    private static final Instant RECORDED_FROM = Instant.parse("2026-11-30T12:00:00Z");
    private static final Instant RECORDED_TO = Instant.parse("2026-11-30T12:05:00Z");
    private static final ReadScaleTraffic.Times TIMES = new ReadScaleTraffic.Times(ReadScalePlan.EFFECTIVE_FROM,
            ReadScalePlan.EFFECTIVE_TO, RECORDED_FROM, RECORDED_TO);

    private static ReadScaleTraffic traffic(ReadScaleTraffic.Kind kind) {
        return new ReadScaleTraffic(kind, LEDGER, PLAN, TIMES, 20);
    }

    /** The path and query of request {@code n}. */
    private static URI request(ReadScaleTraffic.Kind kind, long n, SplittableRandom random) {
        return URI.create(traffic(kind).pathSuffix(n, random));
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1], (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void statementsAreOfTheStatementAccountForADayOrAWeekWithinTheYearInPagesOfAHundred() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            for (var kind : new ReadScaleTraffic.Kind[] { ReadScaleTraffic.Kind.STATEMENT_DAY,
                    ReadScaleTraffic.Kind.STATEMENT_WEEK }) {
                URI uri = request(kind, i, random);
                assertEquals("/accounts/rs-statement/statement", uri.getPath());
                Map<String, String> query = query(uri);
                Instant from = Instant.parse(query.get("from"));
                Instant to = Instant.parse(query.get("to"));
                assertEquals(kind == ReadScaleTraffic.Kind.STATEMENT_DAY ? Duration.ofDays(1) : Duration.ofDays(7),
                        Duration.between(from, to));
                assertFalse(from.isBefore(ReadScalePlan.EFFECTIVE_FROM) || to.isAfter(ReadScalePlan.EFFECTIVE_TO), uri.toString());
                assertEquals("100", query.get("limit"));
            }
        }
    }

    @Test
    void balancesAsOfATimeAskEachBasisAtTimesItsTransactionsHave() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            Map<String, String> effective = query(request(ReadScaleTraffic.Kind.AS_OF_EFFECTIVE, i, random));
            Instant at = Instant.parse(effective.get("as_of"));
            assertEquals("effective", effective.get("basis"));
            assertFalse(at.isBefore(ReadScalePlan.EFFECTIVE_FROM) || at.isAfter(ReadScalePlan.EFFECTIVE_TO));

            URI recorded = request(ReadScaleTraffic.Kind.AS_OF_RECORDED, i, random);
            assertEquals("/accounts/rs-statement", recorded.getPath());
            Instant when = Instant.parse(query(recorded).get("as_of"));
            assertEquals("recorded", query(recorded).get("basis"));
            assertFalse(when.isBefore(RECORDED_FROM) || when.isAfter(RECORDED_TO), when.toString());
        }
    }

    @Test
    void theReportsFollowTheirContract() {
        SplittableRandom random = new SplittableRandom(1);
        URI even = request(ReadScaleTraffic.Kind.TRIAL_BALANCE, 0, random);
        URI odd = request(ReadScaleTraffic.Kind.TRIAL_BALANCE, 1, random);
        assertEquals("/reports/trial-balance", even.getPath());
        assertEquals("effective", query(even).get("basis"));
        assertEquals("recorded", query(odd).get("basis"), "both bases in turn");
        assertTrue(query(odd).containsKey("as_of"));

        URI sheet = request(ReadScaleTraffic.Kind.BALANCE_SHEET, 0, random);
        assertEquals("/reports/balance-sheet", sheet.getPath());
        assertEquals(java.util.Set.of("as_of"), query(sheet).keySet());

        URI income = request(ReadScaleTraffic.Kind.INCOME_STATEMENT, 0, random);
        assertEquals("/reports/income-statement", income.getPath());
        assertEquals(Duration.ofDays(90), Duration.between(Instant.parse(query(income).get("from")),
                Instant.parse(query(income).get("to"))));
        assertTrue(ReadScaleTraffic.Kind.INCOME_STATEMENT.report() && !ReadScaleTraffic.Kind.STATEMENT_DAY.report());
    }

    @Test
    void listsArePagesOfTheSameSizeFilteredByAccountOrEffectiveTime() {
        SplittableRandom random = new SplittableRandom(5);
        assertEquals("/transactions?limit=20", traffic(ReadScaleTraffic.Kind.TRANSACTIONS).pathSuffix(0, random));

        Map<String, String> byAccount = query(request(ReadScaleTraffic.Kind.TRANSACTIONS_OF_ACCOUNT, 0, random));
        assertTrue(byAccount.get("account").matches("rs-\\d{5}"), byAccount.toString());
        assertEquals("20", byAccount.get("limit"));

        Map<String, String> byDay = query(request(ReadScaleTraffic.Kind.TRANSACTIONS_OF_DAY, 0, random));
        assertEquals(Duration.ofDays(1), Duration.between(Instant.parse(byDay.get("occurred_from")),
                Instant.parse(byDay.get("occurred_to"))));

        Map<String, String> statementWeek = query(request(ReadScaleTraffic.Kind.TRANSACTIONS_OF_STATEMENT_WEEK, 0, random));
        assertEquals("rs-statement", statementWeek.get("account"));
        assertTrue(statementWeek.containsKey("occurred_from") && statementWeek.containsKey("occurred_to"));
    }

    @Test
    void readsAnswered200CountAndNothingIsWritten() {
        ReadScaleTraffic traffic = traffic(ReadScaleTraffic.Kind.STATEMENT_DAY);
        assertFalse(traffic.writes());
        assertEquals(1, traffic.outcome(200, null).accepted());
        assertEquals(1, traffic.outcome(404, null).refusedCount());
        assertEquals(1, traffic.outcome(WindowCounter.NO_ANSWER, null).uncertain());
        assertTrue(ReadScaleTraffic.Kind.STATEMENT_DAY.workload().startsWith("read-scale-"));
    }
}
