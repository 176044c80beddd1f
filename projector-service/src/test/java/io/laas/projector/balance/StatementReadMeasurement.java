package io.laas.projector.balance;

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
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Measures statement, balance-as-of and balance-history reads of an account with many postings (default
 * 100,000 over a year, a tenth of them back-dated by up to 30 days) through HTTP, and prints the query plans of
 * the statements behind them (EXPLAIN ANALYZE, generic plans: what a prepared statement may settle on). Prints
 * figures, asserts nothing about time. Not part of the suite (its name does not end in Test): run it with
 * {@code ./mvnw -pl projector-service -am verify -Dtest=StatementReadMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -DargLine=-Dlaas.measure.postings=…} changes the size,
 * {@code -Dlaas.measure.reads=…} the reads per kind (default 2,000).
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class StatementReadMeasurement {

    private static final int POSTINGS = Integer.getInteger("laas.measure.postings", 100_000);
    private static final int READS = Integer.getInteger("laas.measure.reads", 2_000);
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    /** One posting every 5 minutes: 100,000 cover about 347 days. */
    private static final Duration STEP = Duration.ofMinutes(5);

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Test
    void readsOfAnAccountWithManyPostings() throws Exception {
        TestLedger ledger = new TestLedger();
        List<Event> events = new ArrayList<>();
        events.add(ledger.account("hot", "asset"));
        for (int i = 0; i < 10; i++) {
            events.add(ledger.account("w" + i, "liability"));
        }
        Random random = new Random(42);
        for (int i = 0; i < POSTINGS; i++) {
            Instant recorded = START.plus(STEP.multipliedBy(i));
            Instant effective = random.nextInt(10) == 0
                    ? recorded.minus(random.nextInt(30 * 24 * 60), ChronoUnit.MINUTES) : recorded;
            boolean in = random.nextBoolean();
            String amount = (1 + random.nextInt(50_000)) / 100 + "." + String.format("%02d", random.nextInt(100));
            Event event = ledger.transaction("transaction.posted", UUID.randomUUID(),
                    new JsonObject().put("occurred_at", effective.toString()),
                    ledger.posting("hot", in ? "debit" : "credit", amount),
                    ledger.posting("w" + random.nextInt(10), in ? "credit" : "debit", amount));
            event.envelope().put("recorded_at", recorded.toString());
            events.add(event);
        }
        long sendStart = System.nanoTime();
        TestLedger.sendAll(events);
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> lastSequence(ledger) == events.size());
        double seconds = (System.nanoTime() - sendStart) / 1e9;
        UUID hot = ledger.accountId("hot");
        System.out.printf("%n%d events (one account in every transaction) projected in %.1f s: %.0f events/s%n",
                events.size(), seconds, events.size() / seconds);
        Row sizes = pool.preparedQuery("SELECT (SELECT count(*) FROM account_entries WHERE account_id = $1) AS entries, "
                + "(SELECT count(*) FROM account_checkpoints WHERE account_id = $1) AS checkpoints, "
                + "(SELECT max(entries) FROM account_checkpoints WHERE account_id = $1) AS largest, "
                + "pg_size_pretty(pg_total_relation_size('account_entries')) AS entries_size, "
                + "pg_size_pretty(pg_total_relation_size('account_checkpoints')) AS checkpoints_size")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(hot)).await().indefinitely().iterator().next();
        System.out.println("account hot: " + sizes.toJson());
        pool.query("VACUUM ANALYZE account_entries").execute().await().indefinitely();
        pool.query("VACUUM ANALYZE account_checkpoints").execute().await().indefinitely();

        Instant end = START.plus(STEP.multipliedBy(POSTINGS));
        long span = ChronoUnit.SECONDS.between(START, end);
        Supplier<Instant> anyTime = () -> START.plusSeconds((long) (random.nextDouble() * span));
        String base = "http://localhost:" + RestAssured.port + "/v1/ledgers/" + ledger.id + "/accounts/hot";
        HttpClient client = HttpClient.newHttpClient();
        String token = ledger.token();

        measure(client, token, "as_of (effective)", () -> base + "?as_of=" + anyTime.get());
        measure(client, token, "as_of (recorded)", () -> base + "?as_of=" + anyTime.get() + "&basis=recorded");
        measure(client, token, "statement, 100 lines (effective)", () -> {
            Instant from = anyTime.get();
            return base + "/statement?from=" + from + "&to=" + end + "&limit=100";
        });
        measure(client, token, "statement, 1000 lines (effective)", () -> {
            Instant from = anyTime.get();
            return base + "/statement?from=" + from + "&to=" + end + "&limit=1000";
        });
        measure(client, token, "statement, 100 lines (recorded)", () -> {
            Instant from = anyTime.get();
            return base + "/statement?from=" + from + "&to=" + end + "&limit=100&basis=recorded";
        });
        measure(client, token, "balance history, 30 days by day (effective)", () -> {
            Instant from = anyTime.get().truncatedTo(ChronoUnit.DAYS);
            return base + "/balance-history?from=" + from + "&to=" + from.plus(30, ChronoUnit.DAYS);
        });
        measure(client, token, "balance history, 365 days by day (effective)",
                () -> base + "/balance-history?from=" + START + "&to=" + START.plus(365, ChronoUnit.DAYS));
        measure(client, token, "balance history, 365 days by day (recorded)",
                () -> base + "/balance-history?from=" + START + "&to=" + START.plus(365, ChronoUnit.DAYS)
                        + "&basis=recorded");

        Instant t = START.plus(200, ChronoUnit.DAYS).plusSeconds(1234);
        String u = "'" + hot + "'::uuid";
        explain("balance as of, effective (BEFORE_EFFECTIVE)", "uuid[], timestamptz[], bigint[], int[]",
                "ARRAY[" + u + "], ARRAY['" + t + "'::timestamptz], ARRAY[0::bigint], ARRAY[0]",
                sql("BEFORE_EFFECTIVE"));
        explain("balance as of, recorded (BEFORE_RECORDED)", "uuid[], timestamptz[]",
                "ARRAY[" + u + "], ARRAY['" + t + "'::timestamptz]", sql("BEFORE_RECORDED"));
        explain("statement page, effective (PAGE_EFFECTIVE)", "uuid, timestamptz, bigint, int, timestamptz, int",
                u + ", '" + t + "', 0, 0, '" + end + "', 1001", sql("PAGE_EFFECTIVE"));
        explain("statement page, recorded (PAGE_RECORDED)", "uuid, timestamptz, bigint, int, timestamptz, int",
                u + ", '" + t + "', 0, 0, '" + end + "', 1001", sql("PAGE_RECORDED"));
        StringBuilder prev = new StringBuilder("ARRAY[NULL");
        StringBuilder at = new StringBuilder("ARRAY['" + START + "'::timestamptz");
        for (int day = 1; day <= 365; day++) {
            prev.append(", '").append(START.plus(day - 1, ChronoUnit.DAYS)).append("'::timestamptz");
            at.append(", '").append(START.plus(day, ChronoUnit.DAYS)).append("'::timestamptz");
        }
        explain("balance history, 365 days, effective (EFFECTIVE_POINTS)", "uuid, timestamptz[], timestamptz[]",
                u + ", " + prev + "]::timestamptz[], " + at + "]", sql("EFFECTIVE_POINTS"));

        // A batch of 1,000 entries of the account: 999 appended, one back-dated by half a year.
        StringBuilder[] columns = new StringBuilder[10];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new StringBuilder("ARRAY[");
        }
        for (int i = 0; i < 1000; i++) {
            String sep = i == 0 ? "" : ", ";
            Instant recorded = end.plus(STEP.multipliedBy(i + 1));
            Instant effective = i == 500 ? recorded.minus(180, ChronoUnit.DAYS) : recorded;
            columns[0].append(sep).append(u);
            columns[1].append(sep).append("'").append(effective).append("'::timestamptz");
            columns[2].append(sep).append(events.size() + 1 + i);
            columns[3].append(sep).append(0);
            columns[4].append(sep).append("'").append(recorded).append("'::timestamptz");
            columns[5].append(sep).append("'").append(UUID.randomUUID()).append("'::uuid");
            columns[6].append(sep).append("'posted'");
            columns[7].append(sep).append(i % 2 == 0 ? "'debit'" : "'credit'");
            columns[8].append(sep).append("'1.00'");
            columns[9].append(sep).append("'0'");
        }
        StringBuilder arguments = new StringBuilder();
        for (StringBuilder column : columns) {
            arguments.append(column).append("], ");
        }
        explainWrite("a batch of 1,000 entries, one back-dated (AccountEntryRepository RECORD)",
                "uuid[], timestamptz[], bigint[], int[], timestamptz[], uuid[], text[], text[], text[], text[], int",
                arguments + "512", record());
    }

    private static void measure(HttpClient client, String token, String what, Supplier<String> url) throws Exception {
        for (int i = 0; i < 200; i++) {
            get(client, token, url.get());
        }
        long[] micros = new long[READS];
        for (int i = 0; i < READS; i++) {
            String target = url.get();
            long start = System.nanoTime();
            get(client, token, target);
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        Arrays.sort(micros);
        System.out.printf("%-48s p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d reads)%n", what,
                micros[READS / 2] / 1000.0, micros[READS * 9 / 10] / 1000.0, micros[READS * 99 / 100] / 1000.0,
                micros[READS - 1] / 1000.0, READS);
    }

    private static void get(HttpClient client, String token, String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** A statement of the repository, read from its constant (so that the plan is that of the code). */
    private static String sql(String constant) throws Exception {
        var field = io.laas.projector.balance.repository.BalanceRepository.class.getDeclaredField(constant);
        field.setAccessible(true);
        return (String) field.get(null);
    }

    private static String record() throws Exception {
        var field = io.laas.projector.balance.repository.AccountEntryRepository.class.getDeclaredField("RECORD");
        field.setAccessible(true);
        return (String) field.get(null);
    }

    /** EXPLAIN ANALYZE of a writing statement, rolled back. */
    private void explainWrite(String title, String types, String arguments, String sql) {
        String plan = pool.withConnection((SqlConnection conn) -> conn.query("BEGIN").execute()
                .chain(() -> conn.query("SET LOCAL plan_cache_mode = force_generic_plan").execute())
                .chain(() -> conn.query("PREPARE w (" + types + ") AS " + sql).execute())
                .chain(() -> conn.query("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE w(" + arguments + ")").execute())
                .map(rows -> {
                    StringBuilder text = new StringBuilder();
                    rows.forEach(row -> text.append(row.getString(0)).append('\n'));
                    return text.toString();
                })
                .call(() -> conn.query("ROLLBACK").execute())
                .call(() -> conn.query("DEALLOCATE w").execute()))
                .await().indefinitely();
        System.out.println("\n== " + title + "\n" + plan);
    }

    /** EXPLAIN ANALYZE of the prepared statement with these arguments, in its generic plan. */
    private void explain(String title, String types, String arguments, String sql) {
        String name = "m" + Math.abs(title.hashCode());
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
