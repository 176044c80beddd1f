package io.laas.projector.report;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.projector.balance.Basis;
import io.laas.projector.report.repository.ReportRepository;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Measures the reports of a ledger with many accounts (default 10,000: five roots, 100 groups under them, the rest
 * leaves under the groups) and many transactions (default 100,000 over a year, each between a leaf and one hot
 * cash account, a tenth back-dated by up to 30 days) through HTTP, and prints the query plans of the statements
 * behind them (EXPLAIN ANALYZE, generic plans). Prints figures, asserts nothing about time. Not part of the suite
 * (its name does not end in Test): run it with {@code ./mvnw -pl projector-service -am verify
 * -Dtest=ReportReadMeasurement -Dsurefire.failIfNoSpecifiedTests=false}; {@code -DargLine=-Dlaas.measure.accounts=…}
 * changes the number of accounts, {@code -Dlaas.measure.transactions=…} of transactions,
 * {@code -Dlaas.measure.reads=…} the reads per kind (default 50).
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class ReportReadMeasurement {

    private static final int ACCOUNTS = Integer.getInteger("laas.measure.accounts", 10_000);
    private static final int TRANSACTIONS = Integer.getInteger("laas.measure.transactions", 100_000);
    private static final int READS = Integer.getInteger("laas.measure.reads", 50);
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    /** One transaction every 5 minutes: 100,000 cover about 347 days. */
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final String[][] TYPES = { { "asset", "debit" }, { "liability", "credit" },
            { "equity", "credit" }, { "revenue", "credit" }, { "expense", "debit" } };

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Test
    void reportsOfALedgerWithManyAccounts() throws Exception {
        TestLedger ledger = new TestLedger();
        List<Event> events = new ArrayList<>();
        for (String[] type : TYPES) {
            events.add(account(ledger, type[0], type[0], type[1], null));
        }
        events.add(account(ledger, "asset:cash", "asset", "debit", "asset"));
        int groups = 100;
        for (int g = 0; g < groups; g++) {
            String[] type = TYPES[g % TYPES.length];
            events.add(account(ledger, type[0] + ":g" + g, type[0], type[1], type[0]));
        }
        int leaves = ACCOUNTS - TYPES.length - 1 - groups;
        List<String> leafCodes = new ArrayList<>(leaves);
        List<String> leafTypes = new ArrayList<>(leaves);
        for (int i = 0; i < leaves; i++) {
            int g = i % groups;
            String[] type = TYPES[g % TYPES.length];
            String code = type[0] + ":g" + g + ":a" + i;
            // one leaf in 50 is a contra account
            events.add(account(ledger, code, type[0], i % 50 == 0 ? opposite(type[1]) : type[1], type[0] + ":g" + g));
            leafCodes.add(code);
            leafTypes.add(type[0]);
        }
        int accountEvents = events.size();
        Random random = new Random(42);
        for (int i = 0; i < TRANSACTIONS; i++) {
            Instant recorded = START.plus(STEP.multipliedBy(i));
            Instant effective = random.nextInt(10) == 0
                    ? recorded.minus(random.nextInt(30 * 24 * 60), ChronoUnit.MINUTES) : recorded;
            int leaf = random.nextInt(leaves);
            // cash goes up with liabilities, equity and revenue, down with assets and expenses
            boolean cashIn = !leafTypes.get(leaf).equals("asset") && !leafTypes.get(leaf).equals("expense");
            String amount = (1 + random.nextInt(50_000)) / 100 + "." + String.format("%02d", random.nextInt(100));
            Event event = ledger.transaction("transaction.posted", UUID.randomUUID(),
                    new JsonObject().put("occurred_at", effective.toString()),
                    ledger.posting("asset:cash", cashIn ? "debit" : "credit", amount),
                    ledger.posting(leafCodes.get(leaf), cashIn ? "credit" : "debit", amount));
            event.envelope().put("recorded_at", recorded.toString());
            events.add(event);
        }
        long sendStart = System.nanoTime();
        TestLedger.sendAll(events);
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> lastSequence(ledger) == events.size());
        double seconds = (System.nanoTime() - sendStart) / 1e9;
        System.out.printf("%n%d accounts and %d transactions projected in %.1f s%n", accountEvents,
                events.size() - accountEvents, seconds);
        pool.query("VACUUM ANALYZE accounts").execute().await().indefinitely();
        pool.query("VACUUM ANALYZE account_entries").execute().await().indefinitely();
        pool.query("VACUUM ANALYZE account_checkpoints").execute().await().indefinitely();

        Instant end = START.plus(STEP.multipliedBy(TRANSACTIONS));
        long span = ChronoUnit.SECONDS.between(START, end);
        Supplier<Instant> anyTime = () -> START.plusSeconds((long) (random.nextDouble() * span));
        String base = "http://localhost:" + RestAssured.port + "/v1/ledgers/" + ledger.id + "/reports/";
        HttpClient client = HttpClient.newHttpClient();
        String token = ledger.token();

        measure(client, token, "trial balance, now", "application/json", () -> base + "trial-balance");
        measure(client, token, "trial balance, now, CSV", "text/csv", () -> base + "trial-balance");
        measure(client, token, "trial balance, as_of (effective)", "application/json",
                () -> base + "trial-balance?as_of=" + anyTime.get());
        measure(client, token, "trial balance, as_of (recorded)", "application/json",
                () -> base + "trial-balance?basis=recorded&as_of=" + anyTime.get());
        measure(client, token, "balance sheet, now", "application/json", () -> base + "balance-sheet");
        measure(client, token, "balance sheet, as_of (effective)", "application/json",
                () -> base + "balance-sheet?as_of=" + anyTime.get());
        measure(client, token, "income statement, a month (effective)", "application/json", () -> {
            Instant from = anyTime.get();
            return base + "income-statement?from=" + from + "&to=" + from.plus(30, ChronoUnit.DAYS);
        });
        measure(client, token, "income statement, a month (recorded)", "application/json", () -> {
            Instant from = anyTime.get();
            return base + "income-statement?basis=recorded&from=" + from + "&to=" + from.plus(30, ChronoUnit.DAYS);
        });

        Instant t = START.plus(200, ChronoUnit.DAYS).plusSeconds(1234);
        String l = "'" + ledger.id + "'::uuid, NULL, ARRAY['asset','liability','equity','revenue','expense']";
        explain("current totals", "uuid, text, text[]", l, ReportRepository.sql("current", Basis.EFFECTIVE));
        explain("as of, effective", "uuid, text, text[], timestamptz", l + ", '" + t + "'",
                ReportRepository.sql("before", Basis.EFFECTIVE));
        explain("as of, recorded", "uuid, text, text[], timestamptz", l + ", '" + t + "'",
                ReportRepository.sql("before", Basis.RECORDED));
        explain("period, effective", "uuid, text, text[], timestamptz, timestamptz",
                l + ", '" + t + "', '" + t.plus(30, ChronoUnit.DAYS) + "'",
                ReportRepository.sql("between", Basis.EFFECTIVE));
    }

    private static Event account(TestLedger ledger, String code, String type, String normalBalance, String parent) {
        Event created = ledger.account(code, type, "USD", 2);
        JsonObject data = created.envelope().getJsonObject("data").put("normal_balance", normalBalance);
        if (parent != null) {
            data.put("parent_code", parent).put("parent_id", ledger.accountId(parent).toString());
        }
        created.envelope().put("recorded_at", "2024-12-31T00:00:00Z");
        return created;
    }

    private static String opposite(String direction) {
        return direction.equals("debit") ? "credit" : "debit";
    }

    private static void measure(HttpClient client, String token, String what, String accept, Supplier<String> url)
            throws Exception {
        for (int i = 0; i < 10; i++) {
            get(client, token, accept, url.get());
        }
        long[] micros = new long[READS];
        long bytes = 0;
        for (int i = 0; i < READS; i++) {
            String target = url.get();
            long start = System.nanoTime();
            bytes = get(client, token, accept, target);
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        Arrays.sort(micros);
        System.out.printf("%-42s p50 %7.1f ms  p90 %7.1f ms  max %7.1f ms  (%d reads, %d KiB)%n", what,
                micros[READS / 2] / 1000.0, micros[READS * 9 / 10] / 1000.0, micros[READS - 1] / 1000.0, READS,
                bytes / 1024);
    }

    private static long get(HttpClient client, String token, String accept, String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().length();
    }

    /** EXPLAIN ANALYZE of the prepared statement with these arguments, in its generic plan. */
    private void explain(String title, String types, String arguments, String sql) {
        String name = "r" + Math.abs(title.hashCode());
        String plan = pool.withConnection((SqlConnection conn) -> conn.query("SET plan_cache_mode = force_generic_plan")
                .execute()
                .chain(() -> conn.query("PREPARE " + name + " (" + types + ") AS " + sql).execute())
                .chain(() -> conn.query("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE " + name + "(" + arguments + ")")
                        .execute())
                .map(rows -> {
                    StringBuilder text = new StringBuilder();
                    rows.forEach(row -> text.append(row.getString(0)).append('\n'));
                    return text.toString();
                })
                .call(() -> conn.query("DEALLOCATE " + name).execute())
                .call(() -> conn.query("RESET plan_cache_mode").execute()))
                .await().indefinitely();
        System.out.println("\n== " + title + "\n" + plan);
    }

    private long lastSequence(TestLedger ledger) {
        var rows = pool.preparedQuery("SELECT last_sequence FROM ledger_progress WHERE ledger_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(ledger.id)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }
}
