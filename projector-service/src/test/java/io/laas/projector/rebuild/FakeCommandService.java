package io.laas.projector.rebuild;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.laas.local.testing.TestTokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for the command service's event feed ({@code GET /v1/ledgers/{id}/events}, same page shape) and IAM's
 * token endpoint, for the projector's rebuilds. Tests register a ledger's envelopes (the very ones they publish on
 * Kafka) and how the feed behaves over HTTP, under {@code /test/…}, so the server and the tests need not share a
 * class loader:
 * <ul>
 * <li>{@code POST /test/ledgers/{id}/events} with a JSON array of envelopes appends them;</li>
 * <li>{@code POST /test/ledgers/{id}/behaviour} with {@code {"delay_ms": 500, "fail_status": 500,
 * "fail_after": 2, "drop_sequence": 3, "tamper_sequence": 2}}: wait before each page, answer {@code fail_status}
 * for pages after sequence {@code fail_after}, leave sequence {@code drop_sequence} out (a gap), serve sequence
 * {@code tamper_sequence} changed after it was linked (its hash no longer matches).</li>
 * </ul>
 * The token endpoint checks the projector's client credentials (HTTP Basic) and answers an {@code ops:admin}
 * token valid for 5 minutes ({@code GET /test/tokens} counts those issued); the feed refuses a request without a
 * bearer token.
 */
public class FakeCommandService implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "projector-service";
    static final String CLIENT_SECRET = "projector-test-secret";

    private record Behaviour(long delayMs, int failStatus, long failAfter, long dropSequence, long tamperSequence) {
    }

    private final Map<String, List<JsonObject>> events = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the fake command service", e);
        }
        String base = "http://127.0.0.1:" + server.actualPort();
        return Map.of("laas.projector.rebuild.command-url", base,
                "laas.projector.rebuild.token-url", base + "/oauth/token",
                "laas.projector.rebuild.client-id", CLIENT_ID,
                "laas.projector.rebuild.client-secret", CLIENT_SECRET,
                "laas.test.fake-command-url", base);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    private void handle(HttpServerRequest request) {
        String[] path = request.path().substring(1).split("/");
        request.body().onSuccess(body -> {
            try {
                if (request.path().equals("/test/tokens")) {
                    request.response().end(Integer.toString(tokensIssued.get()));
                } else if (request.path().equals("/oauth/token")) {
                    token(request, body.toString());
                } else if (path.length == 4 && path[0].equals("test") && path[3].equals("events")) {
                    JsonArray added = body.toJsonArray();
                    List<JsonObject> list = events.computeIfAbsent(path[2], id -> new ArrayList<>());
                    synchronized (list) {
                        added.forEach(e -> list.add((JsonObject) e));
                    }
                    request.response().setStatusCode(204).end();
                } else if (path.length == 4 && path[0].equals("test") && path[3].equals("behaviour")) {
                    JsonObject b = body.toJsonObject();
                    behaviours.put(path[2], new Behaviour(b.getLong("delay_ms", 0L), b.getInteger("fail_status", 0),
                            b.getLong("fail_after", -1L), b.getLong("drop_sequence", -1L),
                            b.getLong("tamper_sequence", -1L)));
                    request.response().setStatusCode(204).end();
                } else if (path.length == 4 && path[0].equals("v1") && path[1].equals("ledgers")
                        && path[3].equals("events")) {
                    feed(request, path[2]);
                } else {
                    request.response().setStatusCode(404).end();
                }
            } catch (RuntimeException e) {
                request.response().setStatusCode(500).end(e.toString());
            }
        });
    }

    private void token(HttpServerRequest request, String form) {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.getHeader("Authorization"))
                || !List.of(form.split("&")).contains("grant_type=client_credentials")) {
            request.response().setStatusCode(401).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", "invalid_client").encode());
            return;
        }
        tokensIssued.incrementAndGet();
        request.response().putHeader("content-type", "application/json").end(new JsonObject()
                .put("access_token", TestTokens.token(List.of(), Scopes.OPS_ADMIN))
                .put("token_type", "Bearer").put("expires_in", 300).encode());
    }

    private void feed(HttpServerRequest request, String ledgerId) {
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            request.response().setStatusCode(401).end();
            return;
        }
        long after = Long.parseLong(request.getParam("after_sequence", "0"));
        int limit = Integer.parseInt(request.getParam("limit", "100"));
        Behaviour behaviour = behaviours.getOrDefault(ledgerId, new Behaviour(0, 0, -1, -1, -1));
        Runnable answer = () -> {
            if (behaviour.failStatus() > 0 && after >= behaviour.failAfter()) {
                request.response().setStatusCode(behaviour.failStatus()).putHeader("content-type", "application/json")
                        .end(new JsonObject().put("code", "INTERNAL_ERROR").encode());
                return;
            }
            List<JsonObject> all = events.getOrDefault(ledgerId, List.of());
            JsonArray data = new JsonArray();
            boolean more = false;
            synchronized (all) {
                for (JsonObject event : all) {
                    long sequence = event.getLong("sequence");
                    if (sequence <= after || sequence == behaviour.dropSequence()) {
                        continue;
                    }
                    if (data.size() == limit) {
                        more = true;
                        break;
                    }
                    if (sequence == behaviour.tamperSequence()) {
                        JsonObject tampered = event.copy();
                        tampered.getJsonObject("data").put("tampered", true);
                        data.add(tampered);
                    } else {
                        data.add(event);
                    }
                }
            }
            Long next = data.isEmpty() ? null : data.getJsonObject(data.size() - 1).getLong("sequence");
            request.response().putHeader("content-type", "application/json").end(new JsonObject().put("data", data)
                    .put("next_after_sequence", next).put("has_more", more).encode());
        };
        if (behaviour.delayMs() > 0) {
            vertx.setTimer(behaviour.delayMs(), id -> answer.run());
        } else {
            answer.run();
        }
    }
}
