package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.local.LocalStack;
import io.laas.local.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Endpoints of every kind on one ledger (healthy, slow, failing, gone, redirecting, rate-limiting), served by two
 * webhook-service processes, one of which is killed (SIGKILL) while deliveries are in flight. What the design
 * guarantees, and is asserted:
 * <ul>
 * <li>nothing is lost: every event reaches every endpoint that acknowledges, however the work was split between the
 * processes and whatever the killed one held;</li>
 * <li>a delivery recorded as succeeded is never sent again: each message has at most one acknowledged attempt in the
 * log. Delivery is at least once, though: a request the killed process had sent (and the receiver answered) but
 * whose answer it never recorded is sent again by the survivor once its lease ends. So a receiver may acknowledge
 * a webhook-id twice only if the earlier of the two arrived before the kill, and then the log holds one success;</li>
 * <li>{@code 410 Gone} disables the endpoint at once; a redirect is a failure and is not followed; a failure is
 * retried; {@code Retry-After} is honoured beyond the schedule; a slow endpoint does not delay a healthy one.</li>
 * </ul>
 */
class WebhookFaultsIT {

    private static final UUID LEDGER = UUID.fromString("00000000-0000-0000-0000-000000000202");
    private static final String WEBHOOK = "webhook-service";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration SLOW = Duration.ofSeconds(5);
    /** Longer than the schedule's second wait (5 s, plus 20% at most): only honouring it explains the gap. */
    private static final int RETRY_AFTER_SECONDS = 8;
    private static final int BEFORE_KILL = 20;
    private static final int AROUND_KILL = 30;

    private static LocalStack stack;
    private static String token;
    private static final Map<String, LoopbackReceiver> receivers = new LinkedHashMap<>();
    private static final Map<String, String> endpointIds = new HashMap<>();

    @BeforeAll
    static void start() {
        stack = RunningStack.get();
        token = RunningStack.token("hooks-client", "hooks-secret", null);
        LoopbackReceiver target = LoopbackReceiver.start("/target");
        receivers.put("target", target);
        receivers.put("healthy", LoopbackReceiver.start("/healthy"));
        receivers.put("slow", LoopbackReceiver.answering("/slow",
                earlier -> new LoopbackReceiver.Answer(204, Map.of(), SLOW)));
        receivers.put("failing", LoopbackReceiver.start("/failing", earlier -> 500));
        receivers.put("gone", LoopbackReceiver.start("/gone", earlier -> 410));
        receivers.put("redirecting", LoopbackReceiver.answering("/redirecting",
                earlier -> new LoopbackReceiver.Answer(302, Map.of("Location", target.url()), Duration.ZERO)));
        // the very first request is asked to come back later, every later one is accepted
        receivers.put("limited", LoopbackReceiver.answering("/limited", earlier -> earlier.isEmpty()
                ? new LoopbackReceiver.Answer(429, Map.of("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)),
                        Duration.ZERO)
                : LoopbackReceiver.Answer.of(204)));
    }

    @AfterAll
    static void stop() {
        receivers.values().forEach(LoopbackReceiver::close);
    }

    @Test
    void twoProcessesOneKilledDeliverEverythingAcknowledgedOnceAndHonourEachEndpointsFaults() throws Exception {
        for (String name : List.of("healthy", "slow", "failing", "gone", "redirecting", "limited")) {
            endpointIds.put(name, register(receivers.get(name).url()));
        }
        String debit = LedgerApi.newCode("hook-cash");
        String credit = LedgerApi.newCode("hook-sales");
        createAccount(debit, "asset");
        createAccount(credit, "revenue");

        // The second process: short leases and request timeout (the slow receiver answers within it), and a short
        // Kafka session, so that once it is killed its leases and its partitions pass to the first within seconds.
        ServiceProcess second = stack.startReplica(WEBHOOK, "webhook-service-2", Map.of(
                "LAAS_WEBHOOK_REQUEST_TIMEOUT", "7s",
                "LAAS_WEBHOOK_CLAIM_LEASE", "11s",
                "KAFKA_SESSION_TIMEOUT_MS", "6000",
                "KAFKA_HEARTBEAT_INTERVAL_MS", "1000"));
        Instant begin = Instant.now();
        Map<String, Instant> posted = new ConcurrentHashMap<>();

        // 0. One event first: 410 Gone disables its endpoint at once (later events, sent at once, would otherwise
        // be in flight to it before the 410 is recorded).
        List<String> first = new ArrayList<>(post(1, debit, credit, posted));
        LoopbackReceiver gone = receivers.get("gone");
        await("410 Gone disables the endpoint").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !given().baseUri(RunningStack.gateway()).auth().oauth2(token)
                        .get("/v1/ledgers/{ledger}/webhook-endpoints/{id}", LEDGER, endpointIds.get("gone"))
                        .then().statusCode(200).extract().<Boolean>path("enabled"));
        assertEquals(1, gone.requests().size());

        // 1. Both processes up: the healthy endpoint gets each event within a couple of seconds although the slow
        // one holds every request 5 s.
        first.addAll(post(BEFORE_KILL - 1, debit, credit, posted));
        LoopbackReceiver healthy = receivers.get("healthy");
        await("the healthy endpoint acknowledges the first events").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> acknowledged(healthy).keySet().containsAll(first));
        Duration worst = first.stream().map(tx -> Duration.between(posted.get(tx), firstArrival(healthy, tx)))
                .max(Duration::compareTo).orElseThrow();
        System.out.printf("Healthy endpoint: %d events, slowest arrival %d ms after its write%n", first.size(),
                worst.toMillis());
        // had the healthy endpoint's deliveries waited behind a slow answer, one would have taken 5 s or more (the
        // second process joining the consumer group may hold the events up for a moment)
        assertTrue(worst.compareTo(SLOW) < 0,
                "the slow endpoint did not delay the healthy one: " + worst.toMillis() + " ms");

        // 2. More events; once the second process has attempted deliveries and the slow receiver holds requests,
        // the second process is killed.
        List<String> around = new ArrayList<>(post(AROUND_KILL / 2, debit, credit, posted));
        await("the second process delivers too").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> metric(second, "laas_webhook_attempt_duration_seconds_count") > 0);
        double secondAttempts = metric(second, "laas_webhook_attempt_duration_seconds_count");
        second.kill();
        Instant killed = Instant.now();
        System.out.printf("Second webhook-service killed (SIGKILL) after %.0f attempts, %d s in%n", secondAttempts,
                Duration.between(begin, killed).toSeconds());
        around.addAll(post(AROUND_KILL - AROUND_KILL / 2, debit, credit, posted));
        List<String> all = new ArrayList<>(first);
        all.addAll(around);

        // 3. Nothing lost.
        await("every acknowledging endpoint has every event, every failing one has each event twice")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                        acknowledged(healthy).keySet().containsAll(all)
                                && acknowledged(receivers.get("slow")).keySet().containsAll(all)
                                && acknowledged(receivers.get("limited")).keySet().containsAll(all)
                                && all.stream().allMatch(tx -> received(receivers.get("failing"), tx).size() >= 2)
                                && all.stream().allMatch(tx -> received(receivers.get("redirecting"), tx).size() >= 2));
        System.out.printf("Every event delivered %d s after the start%n", Duration.between(begin, Instant.now()).toSeconds());

        // 4. Acknowledged once, as the log records it; a repeat only of a request in flight at the kill.
        for (String name : List.of("healthy", "slow", "limited")) {
            Map<String, List<LoopbackReceiver.Request>> acked = acknowledged(receivers.get(name));
            Set<String> messages = all.stream().map(tx -> acked.get(tx).get(0).webhookId()).collect(Collectors.toSet());
            // the receiver notes a request as it arrives, the service records the answer after it has it
            await(name + ": every success recorded").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> attemptsByMessage(endpointIds.get(name)).entrySet().stream()
                            .filter(e -> e.getValue().stream().anyMatch(a -> a.path("response_status").asInt() / 100 == 2))
                            .map(Map.Entry::getKey).collect(Collectors.toSet()).containsAll(messages));
            Map<String, List<JsonNode>> log = attemptsByMessage(endpointIds.get(name));
            int repeated = 0;
            for (String tx : all) {
                List<LoopbackReceiver.Request> answers = acked.get(tx);
                String messageId = answers.get(0).webhookId();
                List<JsonNode> successes = log.getOrDefault(messageId, List.of()).stream()
                        .filter(a -> a.path("response_status").asInt() / 100 == 2).toList();
                assertEquals(1, successes.size(), name + ": one recorded success of " + messageId);
                assertEquals("succeeded", successes.get(0).path("delivery_status").asText(), name + ": " + messageId);
                if (answers.size() > 1) {
                    repeated++;
                    for (LoopbackReceiver.Request earlier : answers.subList(0, answers.size() - 1)) {
                        assertTrue(earlier.at().isBefore(killed), name + ": " + messageId + " acknowledged at "
                                + earlier.at() + ", after the kill at " + killed + ", and yet sent again");
                    }
                }
            }
            System.out.printf("%s: %d events acknowledged, %d of them twice (in flight at the kill)%n", name,
                    all.size(), repeated);
        }
        for (String name : List.of("failing", "gone", "redirecting")) {
            attemptsByMessage(endpointIds.get(name)).forEach((message, attempts) -> assertTrue(
                    attempts.stream().noneMatch(a -> a.path("response_status").asInt() / 100 == 2),
                    name + ": no success of " + message));
        }

        // 5. Each endpoint's faults.
        assertEquals(1, gone.requests().size(), "the disabled endpoint received nothing more");

        assertEquals(0, receivers.get("target").requests().size(), "the redirect was not followed");
        assertTrue(receivers.get("redirecting").requests().stream().allMatch(r -> r.answered() == 302));
        Set<Integer> redirectStatuses = attemptsByMessage(endpointIds.get("redirecting")).values().stream()
                .flatMap(List::stream).map(a -> a.path("response_status").asInt()).collect(Collectors.toSet());
        assertEquals(Set.of(302), redirectStatuses, "each attempt to the redirecting endpoint is a failed 302");

        LoopbackReceiver limited = receivers.get("limited");
        LoopbackReceiver.Request throttled = limited.requests().get(0);
        assertEquals(429, throttled.answered());
        LoopbackReceiver.Request again = limited.requests().stream()
                .filter(r -> r != throttled && throttled.webhookId().equals(r.webhookId())).findFirst().orElseThrow();
        Duration gap = Duration.between(throttled.at(), again.at());
        System.out.printf("Retry-After %d s: the throttled message came back %d ms later%n", RETRY_AFTER_SECONDS,
                gap.toMillis());
        assertTrue(gap.compareTo(Duration.ofSeconds(RETRY_AFTER_SECONDS)) >= 0, "Retry-After honoured: " + gap);

        // The stats of the endpoints say the same.
        // (an attempt the killed process made is not in them: its retry by the survivor is)
        await("the failing endpoint's two attempts of each event are counted").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> stats("failing").getInt("attempts") >= 2 * all.size());
        JsonPath failing = stats("failing");
        assertEquals(0, failing.getInt("succeeded"));
        assertEquals(failing.getInt("attempts"), failing.getInt("failed"));
        assertEquals(0.0f, failing.getFloat("success_rate"));
        assertEquals(500, failing.getInt("last_status"));
        JsonPath healthyStats = stats("healthy");
        assertEquals(200, healthyStats.getInt("last_status") / 100 * 100);
        assertEquals(healthyStats.getInt("attempts"), healthyStats.getInt("succeeded"));
        assertTrue(healthyStats.getInt("succeeded") >= all.size());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String register(String url) {
        return given().baseUri(RunningStack.gateway()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", url, "event_types", List.of("transaction.posted")))
                .post("/v1/ledgers/{ledger}/webhook-endpoints", LEDGER)
                .then().statusCode(201).extract().path("id");
    }

    /** Creates the account, waiting for the ledger's registration to reach the command service. */
    private static void createAccount(String code, String type) {
        await("account " + code).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().baseUri(RunningStack.gateway()).auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Map.of("code", code, "name", code, "type", type))
                        .post("/v1/ledgers/{ledger}/accounts", LEDGER).statusCode() == 201);
    }

    /** Posts {@code count} transactions one after the other; their ids, with the time each write was answered. */
    private static List<String> post(int count, String debit, String credit, Map<String, Instant> posted) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = LedgerApi.post(token, LEDGER, LedgerApi.transfer(UUID.randomUUID().toString(), debit, credit,
                    "1.00")).then().statusCode(201).extract().path("transaction_id");
            posted.put(id, Instant.now());
            ids.add(id);
        }
        return ids;
    }

    private static String transactionOf(LoopbackReceiver.Request request) {
        try {
            return JSON.readTree(request.body()).at("/data/data/transaction_id").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + request.body(), e);
        }
    }

    private static List<LoopbackReceiver.Request> received(LoopbackReceiver receiver, String transaction) {
        return receiver.requests().stream().filter(r -> transaction.equals(transactionOf(r))).toList();
    }

    /** The requests answered with a 2xx, by transaction id, in arrival order. */
    private static Map<String, List<LoopbackReceiver.Request>> acknowledged(LoopbackReceiver receiver) {
        return receiver.requests().stream().filter(r -> r.answered() / 100 == 2)
                .collect(Collectors.groupingBy(WebhookFaultsIT::transactionOf, LinkedHashMap::new, Collectors.toList()));
    }

    private static Instant firstArrival(LoopbackReceiver receiver, String transaction) {
        return received(receiver, transaction).get(0).at();
    }

    /** The endpoint's whole delivery log through the gateway, by message id. */
    private static Map<String, List<JsonNode>> attemptsByMessage(String endpointId) throws IOException {
        Map<String, List<JsonNode>> byMessage = new LinkedHashMap<>();
        String cursor = null;
        do {
            var request = given().baseUri(RunningStack.gateway()).auth().oauth2(token).queryParam("limit", 200);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            String body = request.get("/v1/ledgers/{ledger}/webhook-endpoints/{id}/attempts", LEDGER, endpointId)
                    .then().statusCode(200).extract().asString();
            JsonNode page = JSON.readTree(body);
            page.path("data").forEach(a -> byMessage.computeIfAbsent(a.path("message_id").asText(),
                    m -> new ArrayList<>()).add(a));
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return byMessage;
    }

    private static JsonPath stats(String name) {
        return given().baseUri(RunningStack.gateway()).auth().oauth2(token).queryParam("window", "1h")
                .get("/v1/ledgers/{ledger}/webhook-endpoints/{id}/stats", LEDGER, endpointIds.get(name))
                .then().statusCode(200).extract().jsonPath();
    }

    /** The sum of a Prometheus metric's series on a process; 0 if it has none. */
    private static double metric(ServiceProcess process, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(process.managementUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "metrics of " + process.name());
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertFalse(Double.isNaN(sum));
        return sum;
    }
}
