package io.laas.bench.readscale;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.bench.BenchSetupException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Fills the read-scale ledger through the API, straight to the command service (as the benchmark's
 * command route): its accounts one at a time (creations in one ledger queue on its lock anyway), then its transactions in bulk requests of {@value ReadScalePlan#BULK_SIZE} over several
 * connections, each connection taking the next bulk when its last one is answered. An item answered 5xx
 * (e.g. {@code 503 LEDGER_BUSY}), or a request without an answer, is sent again in a later request with
 * the items of its bulk still missing: their keys make that safe. Anything else refused stops the
 * benchmark. The caller polls the counters for progress and hands in a fresh token now and then.
 */
public final class ReadScaleSeeder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 10;
    private static final long RETRY_DELAY_MS = 1_000;
    private static final long REQUEST_TIMEOUT_MS = 60_000;
    private static final int CREATED = 201;
    private static final int CONFLICT = 409;

    private final Vertx vertx;
    private final HttpClient client;
    private final URI command;
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong highestSequence = new AtomicLong();
    private final AtomicLong nextBulk = new AtomicLong();
    private volatile String token;

    public ReadScaleSeeder(Vertx vertx, URI command, int connections, String token) {
        this.vertx = vertx;
        this.command = command;
        this.token = token;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    /** The token of the requests from now on (access tokens expire: the caller renews it). */
    public void token(String token) {
        this.token = token;
    }

    /** Transactions posted so far (items answered 201, not replayed). */
    public long posted() {
        return posted.get();
    }

    /** Items whose key the ledger already had for the same transaction: posted by an earlier seeding. */
    public long replayed() {
        return replayed.get();
    }

    /** Items or requests sent again after a 5xx or no answer. */
    public long retried() {
        return retried.get();
    }

    /** The highest {@code ledger_sequence} answered so far. */
    public long highestSequence() {
        return highestSequence.get();
    }

    /**
     * Opens the plan's accounts that do not exist yet, in order (parents first); an existing one (409) is
     * fine.
     *
     * @return how many were opened
     */
    public Future<Integer> createAccounts(UUID ledger, List<ReadScalePlan.Account> accounts) {
        Promise<Integer> done = Promise.promise();
        createFrom(ledger, accounts, 0, 0, 1, done);
        return done.future();
    }

    /** One account after the other, each from the answer to the last (no chain of futures to unwind at the end). */
    private void createFrom(UUID ledger, List<ReadScalePlan.Account> accounts, int index, int created, int attempt,
            Promise<Integer> done) {
        if (index >= accounts.size()) {
            done.complete(created);
            return;
        }
        ReadScalePlan.Account account = accounts.get(index);
        String body = "{\"code\":\"%s\",\"name\":\"%s\",\"type\":\"%s\"%s}".formatted(account.code(), account.name(),
                account.type(), account.parentCode() == null ? "" : ",\"parent_code\":\"" + account.parentCode() + "\"");
        send(HttpMethod.POST, "/v1/ledgers/" + ledger + "/accounts", body).onComplete(answered -> {
            int status = answered.succeeded() ? answered.result().status() : 0;
            if (status == CREATED || status == CONFLICT) {
                createFrom(ledger, accounts, index + 1, created + (status == CREATED ? 1 : 0), 1, done);
            } else if ((status == 0 || status >= 500) && attempt < ATTEMPTS) {
                retried.incrementAndGet();
                later().onComplete(v -> createFrom(ledger, accounts, index, created, attempt + 1, done));
            } else {
                done.fail(new BenchSetupException("Opening account " + account.code() + " of ledger " + ledger
                        + " failed: " + (answered.succeeded() ? status + " " + answered.result().body()
                                : "no answer (" + answered.cause() + ")")));
            }
        });
    }

    /**
     * Posts every transaction of the plan, {@code connections} bulks at a time.
     *
     * @return completes when the last bulk is answered, or fails with the first refusal
     */
    public Future<Void> postTransactions(UUID ledger, ReadScalePlan plan, int connections) {
        nextBulk.set(0);
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Promise<Void> lane = Promise.promise();
            nextBulk(ledger, plan, lane);
            lanes.add(lane.future());
        }
        return Future.all(lanes).mapEmpty();
    }

    /** One lane: the next bulk of the plan when the last one is done, until none is left. */
    private void nextBulk(UUID ledger, ReadScalePlan plan, Promise<Void> lane) {
        long k = nextBulk.getAndIncrement();
        if (k >= plan.bulks()) {
            lane.tryComplete();
            return;
        }
        List<Long> items = new ArrayList<>();
        for (long n = plan.bulkFirst(k); n < plan.bulkEnd(k); n++) {
            items.add(n);
        }
        postBulk(ledger, plan, items, 1, lane);
    }

    private void postBulk(UUID ledger, ReadScalePlan plan, List<Long> items, int attempt, Promise<Void> lane) {
        send(HttpMethod.POST, "/v1/ledgers/" + ledger + "/transactions/bulk", plan.bulk(items)).onComplete(answered -> {
            List<Long> again;
            String problem;
            if (answered.failed() || answered.result().status() >= 500) {
                again = items;
                problem = answered.failed() ? "no answer (" + answered.cause() + ")"
                        : answered.result().status() + " " + answered.result().body();
            } else if (answered.result().status() != 200) {
                lane.tryFail(refused(ledger, answered.result().status() + " " + answered.result().body()));
                return;
            } else {
                try {
                    Tally tally = tally(items, answered.result().body());
                    posted.addAndGet(tally.posted());
                    replayed.addAndGet(tally.replayed());
                    highestSequence.accumulateAndGet(tally.highestSequence(), Math::max);
                    again = tally.again();
                    problem = tally.firstProblem();
                } catch (BenchSetupException e) {
                    lane.tryFail(e);
                    return;
                }
            }
            if (again.isEmpty()) {
                nextBulk(ledger, plan, lane);
            } else if (attempt >= ATTEMPTS) {
                lane.tryFail(new BenchSetupException("Seeding ledger " + ledger + ": " + again.size()
                        + " transactions still refused after " + ATTEMPTS + " attempts, e.g. " + problem));
            } else {
                retried.addAndGet(again.size());
                later().onComplete(v -> postBulk(ledger, plan, again, attempt + 1, lane));
            }
        });
    }

    /**
     * How the answer to a bulk counts: items posted, items whose key had been used for the same transaction
     * (replayed), the highest sequence answered, and the items to send again — those answered 5xx and those
     * without a result — with the first problem among them.
     */
    record Tally(long posted, long replayed, long highestSequence, List<Long> again, String firstProblem) {
    }

    /**
     * @param items the transaction numbers the bulk carried, in order
     * @param body the answer (200) to the bulk
     * @throws BenchSetupException for an item refused with a 4xx: the seeding cannot go on (a 409 is a key
     *         used for another transaction: a ledger seeded with other sizes)
     */
    static Tally tally(List<Long> items, String body) {
        JsonNode results;
        try {
            results = JSON.readTree(body).path("results");
        } catch (IOException e) {
            return new Tally(0, 0, 0, items, "unreadable answer: " + body);
        }
        long posted = 0;
        long replayed = 0;
        long highest = 0;
        List<Long> again = new ArrayList<>();
        String firstProblem = null;
        boolean[] answered = new boolean[items.size()];
        for (JsonNode result : results) {
            int index = result.path("index").asInt(-1);
            if (index < 0 || index >= items.size() || answered[index]) {
                continue;
            }
            answered[index] = true;
            int status = result.path("status").asInt();
            if (status == CREATED) {
                if (result.path("replayed").asBoolean(false)) {
                    replayed++;
                } else {
                    posted++;
                }
                highest = Math.max(highest, result.path("ledger_sequence").asLong());
            } else if (status >= 500) {
                again.add(items.get(index));
                firstProblem = firstProblem != null ? firstProblem : status + " " + result.path("problem");
            } else {
                throw refused(null, "transaction " + ReadScalePlan.idempotencyKey(items.get(index)) + ": " + status
                        + " " + result.path("problem") + (status == CONFLICT ? " (a ledger seeded with another "
                                + "--read-scale-transactions or --read-scale-accounts: start the stack with --fresh)"
                                : ""));
            }
        }
        for (int i = 0; i < items.size(); i++) {
            if (!answered[i]) {
                again.add(items.get(i));
                firstProblem = firstProblem != null ? firstProblem : "no result for item " + i + " of the bulk";
            }
        }
        return new Tally(posted, replayed, highest, again, firstProblem);
    }

    private static BenchSetupException refused(UUID ledger, String what) {
        return new BenchSetupException("Seeding the read-scale ledger" + (ledger == null ? "" : " " + ledger)
                + " was refused: " + what);
    }

    private Future<Void> later() {
        Promise<Void> promise = Promise.promise();
        vertx.setTimer(RETRY_DELAY_MS, id -> promise.complete());
        return promise.future();
    }

    private record Answer(int status, String body) {
    }

    private Future<Answer> send(HttpMethod method, String path, String body) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost(command.getHost())
                .setPort(command.getPort()).setURI(command.getPath().replaceAll("/$", "") + path)
                .setIdleTimeout(REQUEST_TIMEOUT_MS)
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(answer -> new Answer(response.statusCode(), answer.toString())));
    }

    @Override
    public void close() {
        client.close();
    }
}
