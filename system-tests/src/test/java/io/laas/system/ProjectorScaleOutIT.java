package io.laas.system;

import static io.laas.system.StackHttp.body;
import static io.laas.system.StackHttp.metric;
import static io.laas.system.StackHttp.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.laas.local.LocalStack;
import io.laas.local.ServiceProcess;

/**
 * Two projector replicas in one consumer group share the topic's partitions, and what they build together, through
 * a replica joining and another killed (SIGKILL) under load, is what one projector builds alone from the same
 * events: every account (posted and held totals, version), every transaction with its postings, every account's
 * postings and statements, of twenty ledgers spread over the topic's three partitions.
 * <p>
 * The load (transfers in bulks, holds committed in part or voided, partial reversals) runs throughout. The stack's
 * projector projects alone first; a second replica joins the group (a rebalance: partitions move while batches are
 * in flight, the old owner may still be finishing one of a ledger the new owner starts on); once both have applied
 * events, the second is killed without leaving the group, and the first takes its partitions over after its
 * session times out, receiving again what the second applied after its last offset commit. Then:
 * <ul>
 * <li>independently of any projector, the command service's event feed is replayed here: every account's posted
 * and held totals and version must be what the events say, and each ledger's projection must be at its last
 * event, with nothing parked or failed;</li>
 * <li>a reference projector (one replica, a database of its own, a consumer group of its own) projects the same
 * topic from the beginning, without any rebalance: every read of the twenty ledgers must answer the same on both.</li>
 * </ul>
 */
class ProjectorScaleOutIT {

    private static final List<UUID> LEDGERS = IntStream.rangeClosed(1, 20)
            .mapToObj(i -> UUID.fromString("00000000-0000-0000-0000-0000000001%02d".formatted(i))).toList();
    private static final List<String> ACCOUNTS = List.of("cash", "wallet:1", "wallet:2", "wallet:3", "fees");
    private static final int WORKERS = 4;
    private static final String PROJECTOR = "projector-service";
    /** Metric of the projector's Kafka consumer (channel ledger-events): partitions it holds now. */
    private static final String ASSIGNED = "kafka_consumer_coordinator_assigned_partitions";
    private static final String CONSUMER = "client_id=\"kafka-consumer-ledger-events";
    private static final String EVENTS = "laas_projector_events_total";

    private static LocalStack stack;
    private static String token;

    @BeforeAll
    static void stack() {
        stack = RunningStack.get();
        token = RunningStack.token("scale-client", "scale-secret", null);
    }

    @Test
    void twoReplicasSharingThePartitionsThroughARebalanceAndACrashProjectWhatOneProjectsAlone() throws Exception {
        Instant begin = Instant.now();
        ServiceProcess first = stack.service(PROJECTOR);
        Map<UUID, AtomicLong> lastSequence = new ConcurrentHashMap<>();
        for (UUID ledger : LEDGERS) {
            lastSequence.put(ledger, new AtomicLong());
            for (String code : ACCOUNTS) {
                createAccount(ledger, code, lastSequence.get(ledger));
            }
        }

        try (Load load = new Load(lastSequence)) {
            load.awaitEvents(1_000);
            double firstAlone = metric(first, EVENTS, "outcome=\"applied\"");

            ServiceProcess second = stack.startReplica(PROJECTOR, "projector-service-2", Map.of());
            System.out.printf("Second projector replica ready (pid %d) after %d events written%n", second.pid(),
                    load.events());
            await("both replicas hold partitions and the second applies events").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> metric(second, ASSIGNED, CONSUMER) > 0 && metric(first, ASSIGNED, CONSUMER) > 0
                            && metric(second, EVENTS, "outcome=\"applied\"") > 0);
            load.awaitEvents(load.events() + 1_000);
            double secondApplied = metric(second, EVENTS, "outcome=\"applied\"");
            double secondPartitions = metric(second, ASSIGNED, CONSUMER);
            double firstPartitions = metric(first, ASSIGNED, CONSUMER);
            assertTrue(secondApplied > 0 && secondPartitions > 0 && firstPartitions > 0,
                    "each replica holds partitions and applies events");

            second.kill();
            long killedAt = load.events();
            System.out.printf("Second replica killed (SIGKILL) after applying %.0f events on %.0f partition(s), "
                    + "%d events written%n", secondApplied, secondPartitions, killedAt);
            await("the first replica takes over every partition").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> metric(first, ASSIGNED, CONSUMER) == 3);
            load.awaitEvents(load.events() + 500);
            load.stop();
            double duplicates = metric(first, EVENTS, "outcome=\"duplicate\"");
            System.out.printf("Load done: %d events written in %d s; first replica: %.0f applied alone before the "
                    + "second joined, %.0f applied and %.0f duplicate(s) in all%n", load.events(),
                    Duration.between(begin, Instant.now()).toSeconds(), firstAlone,
                    metric(first, EVENTS, "outcome=\"applied\""), duplicates);
            // Offsets are committed every 5 s: a partition that changes hands is read again from its last commit, so
            // its new owner receives events already applied (by the killed replica, or before the join).
            assertTrue(duplicates > 0, "events were delivered again after the rebalances, and ignored");
        }

        // The reference starts (a JVM start, slow on a busy machine) while the feeds are checked.
        CompletableFuture<ServiceProcess> referenceStarted = CompletableFuture.supplyAsync(ProjectorScaleOutIT::reference);
        awaitProjected(first, lastSequence);
        Map<UUID, List<JsonNode>> feeds = new LinkedHashMap<>();
        for (UUID ledger : LEDGERS) {
            List<JsonNode> feed = eventFeed(ledger);
            feeds.put(ledger, feed);
            assertEquals(lastSequence.get(ledger).get(), feed.get(feed.size() - 1).path("sequence").asLong(),
                    "the feed of " + ledger + " ends at the last sequence written");
            assertProjectionIsTheFeedsReplay(first, ledger, feed);
        }
        assertNoFailedEvents();

        ServiceProcess reference = referenceStarted.get(180, TimeUnit.SECONDS);
        try {
            awaitProjected(reference, lastSequence);
            for (UUID ledger : LEDGERS) {
                assertSameReads(first, reference, ledger);
            }
        } finally {
            reference.close();
        }
        long events = feeds.values().stream().mapToLong(List::size).sum();
        System.out.printf("Projector scale-out: %d events of %d ledgers compared in %d s%n", events, LEDGERS.size(),
                Duration.between(begin, Instant.now()).toSeconds());
    }

    /**
     * A projector on its own: a database of its own (its schema built from scratch) and a consumer group of its own,
     * so it reads the topic from the beginning, alone.
     */
    private static ServiceProcess reference() {
        try {
            stack.infra().postgres().createDatabase("laas_reference");
            return stack.startReplica(PROJECTOR, "projector-reference", Map.of(
                    "LAAS_DB_NAME", "laas_reference",
                    "MP_MESSAGING_INCOMING_LEDGER_EVENTS_GROUP_ID", "projector-reference"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Load: one worker per group of ledgers, so each ledger's writes go one at a time
    // ---------------------------------------------------------------------------------------------------------

    /** Writes transfers in bulks, holds committed in part or voided, and partial reversals until stopped. */
    private static final class Load implements AutoCloseable {

        private final Map<UUID, AtomicLong> lastSequence;
        private final AtomicLong events = new AtomicLong();
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        private final List<Future<?>> running = new ArrayList<>();

        Load(Map<UUID, AtomicLong> lastSequence) {
            this.lastSequence = lastSequence;
            for (int w = 0; w < WORKERS; w++) {
                List<UUID> mine = new ArrayList<>();
                for (int i = w; i < LEDGERS.size(); i += WORKERS) {
                    mine.add(LEDGERS.get(i));
                }
                Random random = new Random(w);
                running.add(workers.submit(() -> {
                    while (!stopping.get()) {
                        for (UUID ledger : mine) {
                            cycle(ledger, random);
                        }
                    }
                    return null;
                }));
            }
        }

        long events() {
            return events.get();
        }

        void awaitEvents(long count) {
            await("load written: " + count + " events").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        running.stream().filter(Future::isDone).findFirst().ifPresent(Load::rethrow);
                        return events.get() >= count;
                    });
        }

        void stop() throws Exception {
            stopping.set(true);
            for (Future<?> worker : running) {
                worker.get(60, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() {
            stopping.set(true);
            workers.shutdown();
        }

        private static void rethrow(Future<?> done) {
            try {
                done.get();
            } catch (Exception e) {
                throw new AssertionError("a load worker failed", e);
            }
        }

        /** Ten transfers in a bulk, a hold then committed in part or voided, a partial reversal of a transfer. */
        private void cycle(UUID ledger, Random random) throws IOException, InterruptedException {
            AtomicLong sequence = lastSequence.get(ledger);
            List<Map<String, Object>> transfers = new ArrayList<>();
            List<String> amounts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String amount = amount(random);
                amounts.add(amount);
                transfers.add(transfer(random, amount, null));
            }
            JsonNode bulk = write(ledger, "/transactions/bulk", Map.of("transactions", transfers), 200);
            List<String> posted = new ArrayList<>();
            for (JsonNode result : bulk.path("results")) {
                assertEquals(201, result.path("status").asInt(), () -> "bulk item refused: " + result);
                posted.add(result.path("transaction_id").asText());
                sequence.accumulateAndGet(result.path("ledger_sequence").asLong(), Math::max);
                events.incrementAndGet();
            }

            String held = amount(random);
            JsonNode hold = write(ledger, "/transactions", transfer(random, held, "pending"), 201);
            record(sequence, hold);
            String holdId = hold.path("transaction_id").asText();
            if (random.nextBoolean()) {
                String part = new BigDecimal(held).divide(BigDecimal.valueOf(2)).setScale(2, java.math.RoundingMode.DOWN)
                        .toPlainString();
                record(sequence, write(ledger, "/transactions/" + holdId + "/post", Map.of("idempotency_key", key(),
                        "postings", List.of(Map.of("amount", part), Map.of("amount", part))), 200));
            } else {
                record(sequence, write(ledger, "/transactions/" + holdId + "/void", Map.of("idempotency_key", key()),
                        200));
            }

            int which = random.nextInt(posted.size());
            String back = new BigDecimal(amounts.get(which)).divide(BigDecimal.valueOf(3), 2,
                    java.math.RoundingMode.DOWN).toPlainString();
            record(sequence, write(ledger, "/transactions/" + posted.get(which) + "/reversal",
                    Map.of("idempotency_key", key(), "postings", List.of(Map.of("amount", back), Map.of("amount", back))),
                    201));
        }

        private void record(AtomicLong sequence, JsonNode written) {
            sequence.accumulateAndGet(written.path("ledger_sequence").asLong(), Math::max);
            events.incrementAndGet();
        }

        private static Map<String, Object> transfer(Random random, String amount, String status) {
            int debit = random.nextInt(ACCOUNTS.size());
            int credit = (debit + 1 + random.nextInt(ACCOUNTS.size() - 1)) % ACCOUNTS.size();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("idempotency_key", key());
            body.put("currency", "USD");
            if (status != null) {
                body.put("status", status);
            }
            body.put("metadata", Map.of("load", "scale-out"));
            body.put("postings", List.of(
                    Map.of("account_code", ACCOUNTS.get(debit), "direction", "debit", "amount", amount),
                    Map.of("account_code", ACCOUNTS.get(credit), "direction", "credit", "amount", amount)));
            return body;
        }

        private static String amount(Random random) {
            return BigDecimal.valueOf(100 + random.nextInt(9_900), 2).toPlainString();
        }

        private static String key() {
            return UUID.randomUUID().toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checks
    // ---------------------------------------------------------------------------------------------------------

    /** Every ledger's projection reaches the last sequence written. */
    private static void awaitProjected(ServiceProcess projector, Map<UUID, AtomicLong> lastSequence) {
        await(projector.name() + " projects every event written").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    for (UUID ledger : LEDGERS) {
                        JsonNode projection = get(projector.url(), "/v1/ledgers/" + ledger + "/projection");
                        if (projection.path("projected_sequence").asLong() < lastSequence.get(ledger).get()) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** The ledger's events as the command service stores them, in sequence order. */
    private static List<JsonNode> eventFeed(UUID ledger) throws IOException, InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = get(RunningStack.gateway(), "/v1/ledgers/" + ledger + "/events?limit=1000&after_sequence="
                    + after);
            for (JsonNode event : page.path("data")) {
                assertEquals(after + 1, event.path("sequence").asLong(), "the feed of " + ledger + " has no gap");
                events.add(event);
                after = event.path("sequence").asLong();
            }
            if (!page.path("has_more").asBoolean()) {
                return events;
            }
        }
    }

    /** What an account holds, replayed from the events. */
    private static final class Totals {
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        BigDecimal pendingDebits = BigDecimal.ZERO;
        BigDecimal pendingCredits = BigDecimal.ZERO;
        long version;

        void post(JsonNode posting) {
            BigDecimal amount = new BigDecimal(posting.path("amount").asText());
            if (amount.signum() == 0) {
                return;
            }
            if (debit(posting)) {
                debits = debits.add(amount);
            } else {
                credits = credits.add(amount);
            }
            version++;
        }

        void hold(JsonNode posting, int sign) {
            BigDecimal amount = new BigDecimal(posting.path("amount").asText());
            if (sign < 0) {
                amount = amount.negate();
            }
            if (debit(posting)) {
                pendingDebits = pendingDebits.add(amount);
            } else {
                pendingCredits = pendingCredits.add(amount);
            }
        }

        private static boolean debit(JsonNode posting) {
            return "debit".equals(posting.path("direction").asText());
        }
    }

    /**
     * The read model of the ledger is what its events say, replayed here without any projector: per account, posted
     * and held totals, and a version that counts each posting that moved it (so an event applied twice shows);
     * as many transactions as the events created; the projection at the last event, nothing parked or failed.
     */
    private static void assertProjectionIsTheFeedsReplay(ServiceProcess projector, UUID ledger, List<JsonNode> feed)
            throws IOException, InterruptedException {
        Map<String, Totals> expected = new TreeMap<>();
        ACCOUNTS.forEach(code -> expected.put(code, new Totals()));
        long created = 0;
        for (JsonNode event : feed) {
            JsonNode data = event.path("data");
            switch (event.path("event_type").asText()) {
                case "transaction.posted", "transaction.reversed" -> {
                    created++;
                    data.path("postings").forEach(p -> expected.get(p.path("account_code").asText()).post(p));
                }
                case "transaction.pending" -> {
                    created++;
                    data.path("postings").forEach(p -> expected.get(p.path("account_code").asText()).hold(p, 1));
                }
                case "transaction.committed" -> {
                    data.path("postings").forEach(p -> {
                        expected.get(p.path("account_code").asText()).post(p);
                        expected.get(p.path("account_code").asText()).hold(p, -1);
                    });
                    data.path("released").forEach(p -> expected.get(p.path("account_code").asText()).hold(p, -1));
                }
                case "transaction.voided" ->
                    data.path("released").forEach(p -> expected.get(p.path("account_code").asText()).hold(p, -1));
                default -> {
                }
            }
        }
        String path = "/v1/ledgers/" + ledger;
        for (Map.Entry<String, Totals> account : expected.entrySet()) {
            JsonNode read = get(projector.url(), path + "/accounts/" + account.getKey());
            Totals want = account.getValue();
            String what = ledger + " " + account.getKey() + ": " + read;
            assertAmount(want.debits, read.path("debits"), "posted debits of " + what);
            assertAmount(want.credits, read.path("credits"), "posted credits of " + what);
            assertAmount(want.pendingDebits, read.path("balances").path("pending_debits"), "pending debits of " + what);
            assertAmount(want.pendingCredits, read.path("balances").path("pending_credits"), "pending credits of " + what);
            assertEquals(want.version, read.path("version").asLong(), "version of " + what);
        }
        assertEquals(created, list(projector.url(), path + "/transactions").size(), "transactions of " + ledger);
        JsonNode projection = get(projector.url(), path + "/projection");
        assertEquals(feed.size(), projection.path("projected_sequence").asLong(), "projection of " + ledger);
        assertEquals("current", projection.path("status").asText(), "projection of " + ledger + ": " + projection);
        assertEquals(0, projection.path("parked_events").asLong(), "parked events of " + ledger);
        assertEquals(0, projection.path("failed_events").asLong(), "failed events of " + ledger);
    }

    private static void assertAmount(BigDecimal expected, JsonNode actual, String what) {
        assertEquals(0, expected.compareTo(new BigDecimal(actual.asText())),
                () -> what + ": expected " + expected + " but was " + actual.asText());
    }

    private static void assertNoFailedEvents() throws IOException, InterruptedException {
        String ops = RunningStack.token("ops-client", "ops-secret", null);
        for (UUID ledger : LEDGERS) {
            JsonNode failed = send(HttpRequest.newBuilder(URI.create(RunningStack.gateway()
                    + "/v1/ops/projector/failed-events?ledger_id=" + ledger)).header("Authorization", "Bearer " + ops)
                    .GET().build(), 200);
            assertEquals(0, failed.path("data").size(), "failed events of " + ledger + ": " + failed);
        }
    }

    /**
     * Every read of the ledger answers the same on both projectors: its accounts, its transactions with their
     * postings, and per account its postings and its statements on both bases (entries and running balances).
     */
    private static void assertSameReads(ServiceProcess projector, ServiceProcess reference, UUID ledger)
            throws IOException, InterruptedException {
        String path = "/v1/ledgers/" + ledger;
        assertSameList(projector, reference, path + "/assets", 200);
        List<String> lists = new ArrayList<>(List.of(path + "/accounts", path + "/transactions"));
        for (String code : ACCOUNTS) {
            String account = path + "/accounts/" + URLEncoder.encode(code, StandardCharsets.UTF_8);
            lists.add(account + "/postings");
            lists.add(account + "/statement?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&basis=recorded");
            lists.add(account + "/statement?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&basis=effective");
        }
        for (String list : lists) {
            assertSameList(projector, reference, list, 1_000);
        }
    }

    private static void assertSameList(ServiceProcess projector, ServiceProcess reference, String list, int limit)
            throws IOException, InterruptedException {
        ArrayNode mine = list(projector.url(), list, limit);
        ArrayNode alone = list(reference.url(), list, limit);
        if (!mine.equals(alone)) {
            fail(list + " differs from the reference projector's: " + firstDifference(mine, alone));
        }
    }

    private static String firstDifference(ArrayNode mine, ArrayNode alone) {
        Iterator<JsonNode> a = mine.iterator();
        Iterator<JsonNode> b = alone.iterator();
        int index = 0;
        while (a.hasNext() && b.hasNext()) {
            JsonNode x = a.next();
            JsonNode y = b.next();
            if (!x.equals(y)) {
                return "item " + index + ": " + x + " (two replicas) vs " + y + " (one)";
            }
            index++;
        }
        return mine.size() + " items (two replicas) vs " + alone.size() + " (one)";
    }

    // ---------------------------------------------------------------------------------------------------------
    // HTTP
    // ---------------------------------------------------------------------------------------------------------

    private static void createAccount(UUID ledger, String code, AtomicLong sequence) throws Exception {
        HttpResponse<String> created = StackHttp.createAccount(RunningStack.gateway(), token, ledger, code);
        sequence.accumulateAndGet(Long.parseLong(created.headers().firstValue("Ledger-Sequence").orElseThrow()),
                Math::max);
    }

    private static JsonNode write(UUID ledger, String path, Object body, int status)
            throws IOException, InterruptedException {
        return send(request(RunningStack.gateway(), "/v1/ledgers/" + ledger + path).POST(body(body)).build(), status);
    }

    private static JsonNode get(String baseUrl, String path) throws IOException, InterruptedException {
        return send(request(baseUrl, path).GET().build(), 200);
    }

    /** Every item of a paged list of a ledger (pages of 1,000, following next_cursor). */
    private static ArrayNode list(String baseUrl, String path) throws IOException, InterruptedException {
        return list(baseUrl, path, 1_000);
    }

    private static ArrayNode list(String baseUrl, String path, int limit) throws IOException, InterruptedException {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        String cursor = null;
        do {
            String page = path + (path.contains("?") ? "&" : "?") + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode answer = get(baseUrl, page);
            all.addAll((ArrayNode) answer.path("data"));
            cursor = answer.path("next_cursor").isTextual() ? answer.path("next_cursor").asText() : null;
        } while (cursor != null);
        return all;
    }

    private static HttpRequest.Builder request(String baseUrl, String path) {
        return StackHttp.request(baseUrl, path, token);
    }
}
