package io.laas.bench.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.bench.BenchSetupException;
import io.laas.bench.load.TransactionBodies;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/** The public API calls the benchmark makes to set itself up, through the gateway. */
public final class LaasApi implements AutoCloseable {

    /** An HTTP answer. */
    public record Answer(int status, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int PROVISIONING_CONNECTIONS = 16;
    /** Attempts at one account when the command service answers 5xx. */
    private static final int ACCOUNT_ATTEMPTS = 5;

    private final HttpClient client;
    private final URI gateway;
    private final String clientId;
    private final String clientSecret;
    private final AtomicInteger accountRetries = new AtomicInteger();
    private final List<String> accountRetrySamples = new java.util.concurrent.CopyOnWriteArrayList<>();

    public LaasApi(Vertx vertx, URI gateway, String clientId, String clientSecret) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(PROVISIONING_CONNECTIONS));
        this.gateway = gateway;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /**
     * A fresh access token of the benchmark's OAuth2 client (client_credentials). A token request that
     * gets no answer is made again, twice at most: on a saturated machine one can go unanswered.
     */
    public String accessToken() {
        String basic = Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(clientSecret))
                .getBytes(StandardCharsets.UTF_8));
        Answer answer = null;
        for (int attempt = 1; answer == null; attempt++) {
            try {
                answer = await(call(HttpMethod.POST, "/oauth/token", Map.of("Authorization", "Basic " + basic,
                        "Content-Type", "application/x-www-form-urlencoded"), "grant_type=client_credentials"));
            } catch (BenchSetupException unanswered) {
                if (attempt == 3) {
                    throw unanswered;
                }
                System.err.println("Token request " + attempt + " failed (" + unanswered.getMessage() + "); asking again");
            }
        }
        if (answer.status() != 200) {
            throw new BenchSetupException("The OAuth2 client " + clientId + " got no token (" + answer.status() + " "
                    + answer.body() + "). " + BenchSetupException.HOW_TO_START);
        }
        return json(answer).path("access_token").asText();
    }

    /**
     * Creates {@code acct-0001 … acct-<count>} (assets) in each ledger; existing ones (409) are fine. The
     * ledgers are provisioned side by side, the accounts of one ledger one at a time (creations in one
     * ledger queue on its lock anyway, so more connections per ledger would not make the set-up faster). An
     * account answered 5xx is asked for again, {@value #ACCOUNT_ATTEMPTS} times at most, and counted in
     * {@link #accountRetries()}, which the report then says.
     *
     * @return how many were created
     */
    public int createAccounts(String token, List<UUID> ledgers, int count) {
        AtomicInteger created = new AtomicInteger();
        List<Future<Void>> workers = new ArrayList<>();
        for (UUID ledger : ledgers) {
            workers.add(createNext(token, ledger, count, new AtomicInteger(), created));
        }
        await(Future.all(workers), Duration.ofMinutes(10));
        return created.get();
    }

    private Future<Void> createNext(String token, UUID ledger, int count, AtomicInteger next, AtomicInteger created) {
        int index = next.getAndIncrement();
        if (index >= count) {
            return Future.succeededFuture();
        }
        return createAccount(token, ledger, index, 1, created)
                .compose(done -> createNext(token, ledger, count, next, created));
    }

    private Future<Void> createAccount(String token, UUID ledger, int index, int attempt, AtomicInteger created) {
        String body = "{\"code\":\"%s\",\"name\":\"Benchmark account %d\",\"type\":\"asset\"}"
                .formatted(TransactionBodies.accountCode(index), index + 1);
        return call(HttpMethod.POST, "/v1/ledgers/" + ledger + "/accounts", bearer(token), body).compose(answer -> {
            if (answer.status() == 201) {
                created.incrementAndGet();
            } else if (answer.status() >= 500 && attempt < ACCOUNT_ATTEMPTS) {
                accountRetries.incrementAndGet();
                if (accountRetrySamples.size() < 3) {
                    accountRetrySamples.add(answer.status() + " " + answer.body());
                }
                return createAccount(token, ledger, index, attempt + 1, created);
            } else if (answer.status() != 409) {
                return Future.failedFuture(new BenchSetupException("Creating account " + TransactionBodies.accountCode(index)
                        + " of ledger " + ledger + " failed: " + answer.status() + " " + answer.body()));
            }
            return Future.succeededFuture();
        });
    }

    /** Account creations asked for again after a 5xx, over every {@link #createAccounts} so far. */
    public int accountRetries() {
        return accountRetries.get();
    }

    /** The first few of those 5xx answers. */
    public List<String> accountRetrySamples() {
        return List.copyOf(accountRetrySamples);
    }

    /** The id of an enabled endpoint of the ledger with this URL, created unless one exists. */
    public UUID ensureWebhookEndpoint(String token, UUID ledger, String url) {
        String cursor = null;
        do {
            String path = "/v1/ledgers/" + ledger + "/webhook-endpoints" + (cursor == null ? "" : "?cursor=" + enc(cursor));
            Answer answer = await(call(HttpMethod.GET, path, bearer(token), null));
            if (answer.status() != 200) {
                throw new BenchSetupException("Listing the webhook endpoints of " + ledger + " failed: " + answer.status()
                        + " " + answer.body());
            }
            JsonNode page = json(answer);
            for (JsonNode endpoint : page.path("data")) {
                if (url.equals(endpoint.path("url").asText()) && endpoint.path("enabled").asBoolean()
                        && endpoint.path("event_types").isEmpty()) {
                    return UUID.fromString(endpoint.path("id").asText());
                }
            }
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        String body = "{\"url\":\"%s\",\"description\":\"deploy/bench/run receiver\"}".formatted(url);
        Answer created = await(call(HttpMethod.POST, "/v1/ledgers/" + ledger + "/webhook-endpoints", bearer(token), body));
        if (created.status() != 201) {
            throw new BenchSetupException("Registering the webhook receiver " + url + " on ledger " + ledger + " failed: "
                    + created.status() + " " + created.body());
        }
        return UUID.fromString(json(created).path("id").asText());
    }

    /** A GET through the gateway, answered whatever its status. */
    public Answer get(String token, String path) {
        return await(call(HttpMethod.GET, path, bearer(token), null));
    }

    /** {@code GET /v1/ledgers/{ledger_id}/projection}: how far the ledger's read model is. */
    public JsonNode projection(String token, UUID ledger) {
        Answer answer = get(token, "/v1/ledgers/" + ledger + "/projection");
        if (answer.status() != 200) {
            throw new BenchSetupException("Reading the projection of ledger " + ledger + " failed: " + answer.status()
                    + " " + answer.body());
        }
        return json(answer);
    }

    private Future<Answer> call(HttpMethod method, String path, Map<String, String> headers, String body) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost(gateway.getHost())
                .setPort(gateway.getPort()).setURI(path).setIdleTimeout(CALL_TIMEOUT.toMillis());
        headers.forEach(options::putHeader);
        if (body != null && !headers.containsKey("Content-Type")) {
            options.putHeader("Content-Type", "application/json");
        }
        Promise<Answer> answer = Promise.promise();
        client.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> new Answer(response.statusCode(), b.toString())))
                .onComplete(answer);
        return answer.future();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static JsonNode json(Answer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            throw new BenchSetupException("Not JSON: " + answer.body());
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private <T> T await(Future<T> future) {
        return await(future, CALL_TIMEOUT);
    }

    private static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BenchSetupException setup) {
                throw setup;
            }
            throw new BenchSetupException("The gateway did not answer: " + e.getCause());
        } catch (TimeoutException e) {
            throw new BenchSetupException("The gateway did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchSetupException("interrupted");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
